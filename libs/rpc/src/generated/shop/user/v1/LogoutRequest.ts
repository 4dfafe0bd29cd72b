// Original file: proto/shop/user/v1/user_service.proto


export interface LogoutRequest {
  /**
   * A refresh token of the session to end.
   */
  'refreshToken'?: (string);
}

export interface LogoutRequest__Output {
  /**
   * A refresh token of the session to end.
   */
  'refreshToken': (string);
}
