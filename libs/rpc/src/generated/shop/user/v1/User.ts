// Original file: proto/shop/user/v1/user_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp';

/**
 * User is an account's public profile.
 */
export interface User {
  /**
   * Opaque, stable identifier (a UUID).
   */
  'id'?: (string);
  /**
   * Email as registered (case preserved; compared case-insensitively).
   */
  'email'?: (string);
  /**
   * When the account was created.
   */
  'createdAt'?: (_google_protobuf_Timestamp | null);
}

/**
 * User is an account's public profile.
 */
export interface User__Output {
  /**
   * Opaque, stable identifier (a UUID).
   */
  'id': (string);
  /**
   * Email as registered (case preserved; compared case-insensitively).
   */
  'email': (string);
  /**
   * When the account was created.
   */
  'createdAt': (_google_protobuf_Timestamp__Output | null);
}
