// Original file: proto/shop/user/v1/user_service.proto

import type { User as _shop_user_v1_User, User__Output as _shop_user_v1_User__Output } from '../../../shop/user/v1/User';

export interface RegisterResponse {
  /**
   * The new account.
   */
  'user'?: (_shop_user_v1_User | null);
}

export interface RegisterResponse__Output {
  /**
   * The new account.
   */
  'user': (_shop_user_v1_User__Output | null);
}
