import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { GetUserRequest as _shop_user_v1_GetUserRequest, GetUserRequest__Output as _shop_user_v1_GetUserRequest__Output } from './shop/user/v1/GetUserRequest';
import type { GetUserResponse as _shop_user_v1_GetUserResponse, GetUserResponse__Output as _shop_user_v1_GetUserResponse__Output } from './shop/user/v1/GetUserResponse';
import type { GetVerificationKeysRequest as _shop_user_v1_GetVerificationKeysRequest, GetVerificationKeysRequest__Output as _shop_user_v1_GetVerificationKeysRequest__Output } from './shop/user/v1/GetVerificationKeysRequest';
import type { GetVerificationKeysResponse as _shop_user_v1_GetVerificationKeysResponse, GetVerificationKeysResponse__Output as _shop_user_v1_GetVerificationKeysResponse__Output } from './shop/user/v1/GetVerificationKeysResponse';
import type { LoginRequest as _shop_user_v1_LoginRequest, LoginRequest__Output as _shop_user_v1_LoginRequest__Output } from './shop/user/v1/LoginRequest';
import type { LoginResponse as _shop_user_v1_LoginResponse, LoginResponse__Output as _shop_user_v1_LoginResponse__Output } from './shop/user/v1/LoginResponse';
import type { LogoutRequest as _shop_user_v1_LogoutRequest, LogoutRequest__Output as _shop_user_v1_LogoutRequest__Output } from './shop/user/v1/LogoutRequest';
import type { LogoutResponse as _shop_user_v1_LogoutResponse, LogoutResponse__Output as _shop_user_v1_LogoutResponse__Output } from './shop/user/v1/LogoutResponse';
import type { RefreshRequest as _shop_user_v1_RefreshRequest, RefreshRequest__Output as _shop_user_v1_RefreshRequest__Output } from './shop/user/v1/RefreshRequest';
import type { RefreshResponse as _shop_user_v1_RefreshResponse, RefreshResponse__Output as _shop_user_v1_RefreshResponse__Output } from './shop/user/v1/RefreshResponse';
import type { RegisterRequest as _shop_user_v1_RegisterRequest, RegisterRequest__Output as _shop_user_v1_RegisterRequest__Output } from './shop/user/v1/RegisterRequest';
import type { RegisterResponse as _shop_user_v1_RegisterResponse, RegisterResponse__Output as _shop_user_v1_RegisterResponse__Output } from './shop/user/v1/RegisterResponse';
import type { User as _shop_user_v1_User, User__Output as _shop_user_v1_User__Output } from './shop/user/v1/User';
import type { UserServiceClient as _shop_user_v1_UserServiceClient, UserServiceDefinition as _shop_user_v1_UserServiceDefinition } from './shop/user/v1/UserService';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  shop: {
    user: {
      v1: {
        GetUserRequest: MessageTypeDefinition<_shop_user_v1_GetUserRequest, _shop_user_v1_GetUserRequest__Output>
        GetUserResponse: MessageTypeDefinition<_shop_user_v1_GetUserResponse, _shop_user_v1_GetUserResponse__Output>
        GetVerificationKeysRequest: MessageTypeDefinition<_shop_user_v1_GetVerificationKeysRequest, _shop_user_v1_GetVerificationKeysRequest__Output>
        GetVerificationKeysResponse: MessageTypeDefinition<_shop_user_v1_GetVerificationKeysResponse, _shop_user_v1_GetVerificationKeysResponse__Output>
        LoginRequest: MessageTypeDefinition<_shop_user_v1_LoginRequest, _shop_user_v1_LoginRequest__Output>
        LoginResponse: MessageTypeDefinition<_shop_user_v1_LoginResponse, _shop_user_v1_LoginResponse__Output>
        LogoutRequest: MessageTypeDefinition<_shop_user_v1_LogoutRequest, _shop_user_v1_LogoutRequest__Output>
        LogoutResponse: MessageTypeDefinition<_shop_user_v1_LogoutResponse, _shop_user_v1_LogoutResponse__Output>
        RefreshRequest: MessageTypeDefinition<_shop_user_v1_RefreshRequest, _shop_user_v1_RefreshRequest__Output>
        RefreshResponse: MessageTypeDefinition<_shop_user_v1_RefreshResponse, _shop_user_v1_RefreshResponse__Output>
        RegisterRequest: MessageTypeDefinition<_shop_user_v1_RegisterRequest, _shop_user_v1_RegisterRequest__Output>
        RegisterResponse: MessageTypeDefinition<_shop_user_v1_RegisterResponse, _shop_user_v1_RegisterResponse__Output>
        User: MessageTypeDefinition<_shop_user_v1_User, _shop_user_v1_User__Output>
        /**
         * UserService owns accounts: it registers users, checks passwords (hashed
         * with a memory-hard KDF) and issues short-lived access tokens signed with an
         * asymmetric key, which the gateway verifies with the public key.
         * 
         * No response of this service ever carries a password or a password hash.
         */
        UserService: SubtypeConstructor<typeof grpc.Client, _shop_user_v1_UserServiceClient> & { service: _shop_user_v1_UserServiceDefinition }
      }
    }
  }
}

