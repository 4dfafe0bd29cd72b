// Original file: proto/shop/user/v1/user_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp';
import type { User as _shop_user_v1_User, User__Output as _shop_user_v1_User__Output } from '../../../shop/user/v1/User';

export interface LoginResponse {
  /**
   * Signed access token (a JWT); send as "Authorization: Bearer <token>".
   */
  'accessToken'?: (string);
  /**
   * When access_token stops being accepted.
   */
  'expiresAt'?: (_google_protobuf_Timestamp | null);
  /**
   * The user the token was issued to.
   */
  'user'?: (_shop_user_v1_User | null);
  /**
   * To keep on this client and send with its next Login (see
   * LoginRequest.device_token).
   */
  'deviceToken'?: (string);
  /**
   * Exchanged by Refresh for the next access token; single use.
   */
  'refreshToken'?: (string);
  /**
   * When refresh_token stops being accepted.
   */
  'refreshExpiresAt'?: (_google_protobuf_Timestamp | null);
}

export interface LoginResponse__Output {
  /**
   * Signed access token (a JWT); send as "Authorization: Bearer <token>".
   */
  'accessToken': (string);
  /**
   * When access_token stops being accepted.
   */
  'expiresAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * The user the token was issued to.
   */
  'user': (_shop_user_v1_User__Output | null);
  /**
   * To keep on this client and send with its next Login (see
   * LoginRequest.device_token).
   */
  'deviceToken': (string);
  /**
   * Exchanged by Refresh for the next access token; single use.
   */
  'refreshToken': (string);
  /**
   * When refresh_token stops being accepted.
   */
  'refreshExpiresAt': (_google_protobuf_Timestamp__Output | null);
}
