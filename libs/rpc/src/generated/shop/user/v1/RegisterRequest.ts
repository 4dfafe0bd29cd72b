// Original file: proto/shop/user/v1/user_service.proto


export interface RegisterRequest {
  /**
   * Email address; unique case-insensitively.
   */
  'email'?: (string);
  /**
   * Plain-text password; hashed at once, never stored, logged or returned.
   */
  'password'?: (string);
}

export interface RegisterRequest__Output {
  /**
   * Email address; unique case-insensitively.
   */
  'email': (string);
  /**
   * Plain-text password; hashed at once, never stored, logged or returned.
   */
  'password': (string);
}
