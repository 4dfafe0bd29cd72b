// Original file: proto/shop/user/v1/user_service.proto


export interface RefreshRequest {
  /**
   * The refresh_token of the last Login or Refresh.
   */
  'refreshToken'?: (string);
}

export interface RefreshRequest__Output {
  /**
   * The refresh_token of the last Login or Refresh.
   */
  'refreshToken': (string);
}
