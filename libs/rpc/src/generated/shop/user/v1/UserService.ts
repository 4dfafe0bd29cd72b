// Original file: proto/shop/user/v1/user_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetUserRequest as _shop_user_v1_GetUserRequest, GetUserRequest__Output as _shop_user_v1_GetUserRequest__Output } from '../../../shop/user/v1/GetUserRequest';
import type { GetUserResponse as _shop_user_v1_GetUserResponse, GetUserResponse__Output as _shop_user_v1_GetUserResponse__Output } from '../../../shop/user/v1/GetUserResponse';
import type { LoginRequest as _shop_user_v1_LoginRequest, LoginRequest__Output as _shop_user_v1_LoginRequest__Output } from '../../../shop/user/v1/LoginRequest';
import type { LoginResponse as _shop_user_v1_LoginResponse, LoginResponse__Output as _shop_user_v1_LoginResponse__Output } from '../../../shop/user/v1/LoginResponse';
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
  Login: MethodDefinition<_shop_user_v1_LoginRequest, _shop_user_v1_LoginResponse, _shop_user_v1_LoginRequest__Output, _shop_user_v1_LoginResponse__Output>
  Register: MethodDefinition<_shop_user_v1_RegisterRequest, _shop_user_v1_RegisterResponse, _shop_user_v1_RegisterRequest__Output, _shop_user_v1_RegisterResponse__Output>
}
