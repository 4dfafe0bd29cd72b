// Original file: proto/shop/user/v1/user_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetUserRequest as _shop_user_v1_GetUserRequest, GetUserRequest__Output as _shop_user_v1_GetUserRequest__Output } from '../../../shop/user/v1/GetUserRequest';
import type { GetUserResponse as _shop_user_v1_GetUserResponse, GetUserResponse__Output as _shop_user_v1_GetUserResponse__Output } from '../../../shop/user/v1/GetUserResponse';
import type { GetVerificationKeysRequest as _shop_user_v1_GetVerificationKeysRequest, GetVerificationKeysRequest__Output as _shop_user_v1_GetVerificationKeysRequest__Output } from '../../../shop/user/v1/GetVerificationKeysRequest';
import type { GetVerificationKeysResponse as _shop_user_v1_GetVerificationKeysResponse, GetVerificationKeysResponse__Output as _shop_user_v1_GetVerificationKeysResponse__Output } from '../../../shop/user/v1/GetVerificationKeysResponse';
import type { LoginRequest as _shop_user_v1_LoginRequest, LoginRequest__Output as _shop_user_v1_LoginRequest__Output } from '../../../shop/user/v1/LoginRequest';
import type { LoginResponse as _shop_user_v1_LoginResponse, LoginResponse__Output as _shop_user_v1_LoginResponse__Output } from '../../../shop/user/v1/LoginResponse';
import type { LogoutRequest as _shop_user_v1_LogoutRequest, LogoutRequest__Output as _shop_user_v1_LogoutRequest__Output } from '../../../shop/user/v1/LogoutRequest';
import type { LogoutResponse as _shop_user_v1_LogoutResponse, LogoutResponse__Output as _shop_user_v1_LogoutResponse__Output } from '../../../shop/user/v1/LogoutResponse';
import type { RefreshRequest as _shop_user_v1_RefreshRequest, RefreshRequest__Output as _shop_user_v1_RefreshRequest__Output } from '../../../shop/user/v1/RefreshRequest';
import type { RefreshResponse as _shop_user_v1_RefreshResponse, RefreshResponse__Output as _shop_user_v1_RefreshResponse__Output } from '../../../shop/user/v1/RefreshResponse';
import type { RegisterRequest as _shop_user_v1_RegisterRequest, RegisterRequest__Output as _shop_user_v1_RegisterRequest__Output } from '../../../shop/user/v1/RegisterRequest';
import type { RegisterResponse as _shop_user_v1_RegisterResponse, RegisterResponse__Output as _shop_user_v1_RegisterResponse__Output } from '../../../shop/user/v1/RegisterResponse';

/**
 * UserService owns accounts: it registers users, checks passwords (hashed
 * with a memory-hard KDF) and issues short-lived access tokens signed with an
 * asymmetric key, which the gateway verifies with the public key.
 * 
 * No response of this service ever carries a password or a password hash.
 */
export interface UserServiceClient extends grpc.Client {
  /**
   * GetUser returns a user's profile. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (malformed user_id), NOT_FOUND.
   */
  GetUser(argument: _shop_user_v1_GetUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _shop_user_v1_GetUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_user_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _shop_user_v1_GetUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _shop_user_v1_GetUserRequest, callback: grpc.requestCallback<_shop_user_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  /**
   * GetUser returns a user's profile. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (malformed user_id), NOT_FOUND.
   */
  getUser(argument: _shop_user_v1_GetUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  getUser(argument: _shop_user_v1_GetUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_user_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  getUser(argument: _shop_user_v1_GetUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  getUser(argument: _shop_user_v1_GetUserRequest, callback: grpc.requestCallback<_shop_user_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * GetVerificationKeys returns the public keys that verify this service's
   * access tokens, as a JWK set keyed by kid: the key it signs with and any
   * key published beside it during a rotation (the next key before the
   * switch, the previous one until its last token has expired). Verifiers
   * cache the set, and fetch it again for a kid they do not hold. Read-only.
   * 
   * Errors: none of its own.
   */
  GetVerificationKeys(argument: _shop_user_v1_GetVerificationKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_GetVerificationKeysResponse__Output>): grpc.ClientUnaryCall;
  GetVerificationKeys(argument: _shop_user_v1_GetVerificationKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_user_v1_GetVerificationKeysResponse__Output>): grpc.ClientUnaryCall;
  GetVerificationKeys(argument: _shop_user_v1_GetVerificationKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_GetVerificationKeysResponse__Output>): grpc.ClientUnaryCall;
  GetVerificationKeys(argument: _shop_user_v1_GetVerificationKeysRequest, callback: grpc.requestCallback<_shop_user_v1_GetVerificationKeysResponse__Output>): grpc.ClientUnaryCall;
  /**
   * GetVerificationKeys returns the public keys that verify this service's
   * access tokens, as a JWK set keyed by kid: the key it signs with and any
   * key published beside it during a rotation (the next key before the
   * switch, the previous one until its last token has expired). Verifiers
   * cache the set, and fetch it again for a kid they do not hold. Read-only.
   * 
   * Errors: none of its own.
   */
  getVerificationKeys(argument: _shop_user_v1_GetVerificationKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_GetVerificationKeysResponse__Output>): grpc.ClientUnaryCall;
  getVerificationKeys(argument: _shop_user_v1_GetVerificationKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_user_v1_GetVerificationKeysResponse__Output>): grpc.ClientUnaryCall;
  getVerificationKeys(argument: _shop_user_v1_GetVerificationKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_GetVerificationKeysResponse__Output>): grpc.ClientUnaryCall;
  getVerificationKeys(argument: _shop_user_v1_GetVerificationKeysRequest, callback: grpc.requestCallback<_shop_user_v1_GetVerificationKeysResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Login checks an email and password and issues an access token.
   * 
   * Idempotency: safe to retry; it changes nothing but rate-limit counters
   * and each success issues a fresh token.
   * 
   * Errors: INVALID_ARGUMENT (missing email or password, missing or
   * malformed client_ip), UNAUTHENTICATED
   * (unknown email or wrong password: same code and message for both, so a
   * caller cannot probe which emails exist), RESOURCE_EXHAUSTED (a quota
   * refusal with RetryInfo: the account or client_ip must wait after failed
   * attempts, or too many password checks are in progress).
   */
  Login(argument: _shop_user_v1_LoginRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  Login(argument: _shop_user_v1_LoginRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_user_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  Login(argument: _shop_user_v1_LoginRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  Login(argument: _shop_user_v1_LoginRequest, callback: grpc.requestCallback<_shop_user_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Login checks an email and password and issues an access token.
   * 
   * Idempotency: safe to retry; it changes nothing but rate-limit counters
   * and each success issues a fresh token.
   * 
   * Errors: INVALID_ARGUMENT (missing email or password, missing or
   * malformed client_ip), UNAUTHENTICATED
   * (unknown email or wrong password: same code and message for both, so a
   * caller cannot probe which emails exist), RESOURCE_EXHAUSTED (a quota
   * refusal with RetryInfo: the account or client_ip must wait after failed
   * attempts, or too many password checks are in progress).
   */
  login(argument: _shop_user_v1_LoginRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  login(argument: _shop_user_v1_LoginRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_user_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  login(argument: _shop_user_v1_LoginRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  login(argument: _shop_user_v1_LoginRequest, callback: grpc.requestCallback<_shop_user_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Logout revokes the refresh token's family. Access tokens already issued
   * stay valid until they expire (minutes).
   * 
   * Idempotency: idempotent; an unknown token is not an error.
   * 
   * Errors: INVALID_ARGUMENT (missing token).
   */
  Logout(argument: _shop_user_v1_LogoutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  Logout(argument: _shop_user_v1_LogoutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_user_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  Logout(argument: _shop_user_v1_LogoutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  Logout(argument: _shop_user_v1_LogoutRequest, callback: grpc.requestCallback<_shop_user_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Logout revokes the refresh token's family. Access tokens already issued
   * stay valid until they expire (minutes).
   * 
   * Idempotency: idempotent; an unknown token is not an error.
   * 
   * Errors: INVALID_ARGUMENT (missing token).
   */
  logout(argument: _shop_user_v1_LogoutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  logout(argument: _shop_user_v1_LogoutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_user_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  logout(argument: _shop_user_v1_LogoutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  logout(argument: _shop_user_v1_LogoutRequest, callback: grpc.requestCallback<_shop_user_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Refresh exchanges a refresh token for a new access token and the next
   * refresh token of its family. Each refresh token is exchanged once: sent
   * again within a short reuse interval (two tabs refreshing at once, a retry
   * whose answer was lost) it answers the same next refresh token with a new
   * access token; sent again later, it revokes its whole family (a copy has
   * leaked).
   * 
   * Idempotency: within the reuse interval (REFRESH_TOKEN_REUSE_INTERVAL_SECONDS)
   * a repeat answers the same refresh token; never retried automatically.
   * 
   * Errors: INVALID_ARGUMENT (missing token), UNAUTHENTICATED (unknown,
   * used, revoked or expired token: one message for all).
   */
  Refresh(argument: _shop_user_v1_RefreshRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_RefreshResponse__Output>): grpc.ClientUnaryCall;
  Refresh(argument: _shop_user_v1_RefreshRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_user_v1_RefreshResponse__Output>): grpc.ClientUnaryCall;
  Refresh(argument: _shop_user_v1_RefreshRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_RefreshResponse__Output>): grpc.ClientUnaryCall;
  Refresh(argument: _shop_user_v1_RefreshRequest, callback: grpc.requestCallback<_shop_user_v1_RefreshResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Refresh exchanges a refresh token for a new access token and the next
   * refresh token of its family. Each refresh token is exchanged once: sent
   * again within a short reuse interval (two tabs refreshing at once, a retry
   * whose answer was lost) it answers the same next refresh token with a new
   * access token; sent again later, it revokes its whole family (a copy has
   * leaked).
   * 
   * Idempotency: within the reuse interval (REFRESH_TOKEN_REUSE_INTERVAL_SECONDS)
   * a repeat answers the same refresh token; never retried automatically.
   * 
   * Errors: INVALID_ARGUMENT (missing token), UNAUTHENTICATED (unknown,
   * used, revoked or expired token: one message for all).
   */
  refresh(argument: _shop_user_v1_RefreshRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_RefreshResponse__Output>): grpc.ClientUnaryCall;
  refresh(argument: _shop_user_v1_RefreshRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_user_v1_RefreshResponse__Output>): grpc.ClientUnaryCall;
  refresh(argument: _shop_user_v1_RefreshRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_RefreshResponse__Output>): grpc.ClientUnaryCall;
  refresh(argument: _shop_user_v1_RefreshRequest, callback: grpc.requestCallback<_shop_user_v1_RefreshResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Register creates an account unless one has the email (case-insensitively),
   * and answers the same either way, after the same work: it cannot be used to
   * learn which emails have accounts.
   * 
   * Idempotency: the email is the natural key; a repeat can never create a
   * second account. Not retried automatically (a retry would hash again).
   * 
   * Errors: INVALID_ARGUMENT (malformed email, password too short or too
   * long), RESOURCE_EXHAUSTED (too many sign-ups or password checks at
   * once; a quota refusal with RetryInfo).
   */
  Register(argument: _shop_user_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _shop_user_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_user_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _shop_user_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _shop_user_v1_RegisterRequest, callback: grpc.requestCallback<_shop_user_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Register creates an account unless one has the email (case-insensitively),
   * and answers the same either way, after the same work: it cannot be used to
   * learn which emails have accounts.
   * 
   * Idempotency: the email is the natural key; a repeat can never create a
   * second account. Not retried automatically (a retry would hash again).
   * 
   * Errors: INVALID_ARGUMENT (malformed email, password too short or too
   * long), RESOURCE_EXHAUSTED (too many sign-ups or password checks at
   * once; a quota refusal with RetryInfo).
   */
  register(argument: _shop_user_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _shop_user_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_user_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _shop_user_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_user_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _shop_user_v1_RegisterRequest, callback: grpc.requestCallback<_shop_user_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * UserService owns accounts: it registers users, checks passwords (hashed
 * with a memory-hard KDF) and issues short-lived access tokens signed with an
 * asymmetric key, which the gateway verifies with the public key.
 * 
 * No response of this service ever carries a password or a password hash.
 */
export interface UserServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * GetUser returns a user's profile. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (malformed user_id), NOT_FOUND.
   */
  GetUser: grpc.handleUnaryCall<_shop_user_v1_GetUserRequest__Output, _shop_user_v1_GetUserResponse>;
  
  /**
   * GetVerificationKeys returns the public keys that verify this service's
   * access tokens, as a JWK set keyed by kid: the key it signs with and any
   * key published beside it during a rotation (the next key before the
   * switch, the previous one until its last token has expired). Verifiers
   * cache the set, and fetch it again for a kid they do not hold. Read-only.
   * 
   * Errors: none of its own.
   */
  GetVerificationKeys: grpc.handleUnaryCall<_shop_user_v1_GetVerificationKeysRequest__Output, _shop_user_v1_GetVerificationKeysResponse>;
  
  /**
   * Login checks an email and password and issues an access token.
   * 
   * Idempotency: safe to retry; it changes nothing but rate-limit counters
   * and each success issues a fresh token.
   * 
   * Errors: INVALID_ARGUMENT (missing email or password, missing or
   * malformed client_ip), UNAUTHENTICATED
   * (unknown email or wrong password: same code and message for both, so a
   * caller cannot probe which emails exist), RESOURCE_EXHAUSTED (a quota
   * refusal with RetryInfo: the account or client_ip must wait after failed
   * attempts, or too many password checks are in progress).
   */
  Login: grpc.handleUnaryCall<_shop_user_v1_LoginRequest__Output, _shop_user_v1_LoginResponse>;
  
  /**
   * Logout revokes the refresh token's family. Access tokens already issued
   * stay valid until they expire (minutes).
   * 
   * Idempotency: idempotent; an unknown token is not an error.
   * 
   * Errors: INVALID_ARGUMENT (missing token).
   */
  Logout: grpc.handleUnaryCall<_shop_user_v1_LogoutRequest__Output, _shop_user_v1_LogoutResponse>;
  
  /**
   * Refresh exchanges a refresh token for a new access token and the next
   * refresh token of its family. Each refresh token is exchanged once: sent
   * again within a short reuse interval (two tabs refreshing at once, a retry
   * whose answer was lost) it answers the same next refresh token with a new
   * access token; sent again later, it revokes its whole family (a copy has
   * leaked).
   * 
   * Idempotency: within the reuse interval (REFRESH_TOKEN_REUSE_INTERVAL_SECONDS)
   * a repeat answers the same refresh token; never retried automatically.
   * 
   * Errors: INVALID_ARGUMENT (missing token), UNAUTHENTICATED (unknown,
   * used, revoked or expired token: one message for all).
   */
  Refresh: grpc.handleUnaryCall<_shop_user_v1_RefreshRequest__Output, _shop_user_v1_RefreshResponse>;
  
  /**
   * Register creates an account unless one has the email (case-insensitively),
   * and answers the same either way, after the same work: it cannot be used to
   * learn which emails have accounts.
   * 
   * Idempotency: the email is the natural key; a repeat can never create a
   * second account. Not retried automatically (a retry would hash again).
   * 
   * Errors: INVALID_ARGUMENT (malformed email, password too short or too
   * long), RESOURCE_EXHAUSTED (too many sign-ups or password checks at
   * once; a quota refusal with RetryInfo).
   */
  Register: grpc.handleUnaryCall<_shop_user_v1_RegisterRequest__Output, _shop_user_v1_RegisterResponse>;
  
}

export interface UserServiceDefinition extends grpc.ServiceDefinition {
  GetUser: MethodDefinition<_shop_user_v1_GetUserRequest, _shop_user_v1_GetUserResponse, _shop_user_v1_GetUserRequest__Output, _shop_user_v1_GetUserResponse__Output>
  GetVerificationKeys: MethodDefinition<_shop_user_v1_GetVerificationKeysRequest, _shop_user_v1_GetVerificationKeysResponse, _shop_user_v1_GetVerificationKeysRequest__Output, _shop_user_v1_GetVerificationKeysResponse__Output>
  Login: MethodDefinition<_shop_user_v1_LoginRequest, _shop_user_v1_LoginResponse, _shop_user_v1_LoginRequest__Output, _shop_user_v1_LoginResponse__Output>
  Logout: MethodDefinition<_shop_user_v1_LogoutRequest, _shop_user_v1_LogoutResponse, _shop_user_v1_LogoutRequest__Output, _shop_user_v1_LogoutResponse__Output>
  Refresh: MethodDefinition<_shop_user_v1_RefreshRequest, _shop_user_v1_RefreshResponse, _shop_user_v1_RefreshRequest__Output, _shop_user_v1_RefreshResponse__Output>
  Register: MethodDefinition<_shop_user_v1_RegisterRequest, _shop_user_v1_RegisterResponse, _shop_user_v1_RegisterRequest__Output, _shop_user_v1_RegisterResponse__Output>
}
