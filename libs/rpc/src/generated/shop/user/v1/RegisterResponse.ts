// Original file: proto/shop/user/v1/user_service.proto

import type { User as _shop_user_v1_User, User__Output as _shop_user_v1_User__Output } from '../../../shop/user/v1/User';

export interface RegisterResponse {
  /**
   * Never set: register answers alike for a new and a taken email.
   * @deprecated
   */
  'user'?: (_shop_user_v1_User | null);
}

export interface RegisterResponse__Output {
  /**
   * Never set: register answers alike for a new and a taken email.
   * @deprecated
   */
  'user': (_shop_user_v1_User__Output | null);
}
