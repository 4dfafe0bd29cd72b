// Original file: proto/shop/user/v1/user_service.proto


export interface LogoutResponse {
}

export interface LogoutResponse__Output {
}
