// Original file: proto/shop/user/v1/user_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp';
import type { User as _shop_user_v1_User, User__Output as _shop_user_v1_User__Output } from '../../../shop/user/v1/User';

export interface RefreshResponse {
  /**
   * A new access token, as LoginResponse.access_token.
   */
  'accessToken'?: (string);
  /**
   * When access_token stops being accepted.
   */
  'expiresAt'?: (_google_protobuf_Timestamp | null);
  /**
   * The next refresh token of the family; the one sent is used up.
   */
  'refreshToken'?: (string);
  /**
   * When refresh_token stops being accepted.
   */
  'refreshExpiresAt'?: (_google_protobuf_Timestamp | null);
  /**
   * The user the tokens were issued to.
   */
  'user'?: (_shop_user_v1_User | null);
}

export interface RefreshResponse__Output {
  /**
   * A new access token, as LoginResponse.access_token.
   */
  'accessToken': (string);
  /**
   * When access_token stops being accepted.
   */
  'expiresAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * The next refresh token of the family; the one sent is used up.
   */
  'refreshToken': (string);
  /**
   * When refresh_token stops being accepted.
   */
  'refreshExpiresAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * The user the tokens were issued to.
   */
  'user': (_shop_user_v1_User__Output | null);
}
