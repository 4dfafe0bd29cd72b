// Original file: proto/shop/user/v1/user_service.proto


export interface LoginRequest {
  /**
   * Email address, matched case-insensitively.
   */
  'email'?: (string);
  /**
   * Plain-text password; never logged.
   */
  'password'?: (string);
  /**
   * IP address of the end client as seen by the gateway, used for
   * per-address rate limiting (in addition to per-account limiting).
   * Required, so that a caller cannot switch that limiting off by omission.
   */
  'clientIp'?: (string);
  /**
   * The device_token of an earlier successful login to this account from this
   * client, if it has one: it skips the delays that others' failed attempts
   * put on the account. Optional; never a substitute for the password.
   */
  'deviceToken'?: (string);
}

export interface LoginRequest__Output {
  /**
   * Email address, matched case-insensitively.
   */
  'email': (string);
  /**
   * Plain-text password; never logged.
   */
  'password': (string);
  /**
   * IP address of the end client as seen by the gateway, used for
   * per-address rate limiting (in addition to per-account limiting).
   * Required, so that a caller cannot switch that limiting off by omission.
   */
  'clientIp': (string);
  /**
   * The device_token of an earlier successful login to this account from this
   * client, if it has one: it skips the delays that others' failed attempts
   * put on the account. Optional; never a substitute for the password.
   */
  'deviceToken': (string);
}
