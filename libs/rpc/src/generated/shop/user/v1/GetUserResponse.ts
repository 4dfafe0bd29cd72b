// Original file: proto/shop/user/v1/user_service.proto

import type { User as _shop_user_v1_User, User__Output as _shop_user_v1_User__Output } from '../../../shop/user/v1/User';

export interface GetUserResponse {
  /**
   * The user.
   */
  'user'?: (_shop_user_v1_User | null);
}

export interface GetUserResponse__Output {
  /**
   * The user.
   */
  'user': (_shop_user_v1_User__Output | null);
}
