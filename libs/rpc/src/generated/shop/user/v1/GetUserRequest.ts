// Original file: proto/shop/user/v1/user_service.proto


export interface GetUserRequest {
  /**
   * User.id of the user to return.
   */
  'userId'?: (string);
}

export interface GetUserRequest__Output {
  /**
   * User.id of the user to return.
   */
  'userId': (string);
}
