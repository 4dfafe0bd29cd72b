// Original file: proto/shop/user/v1/user_service.proto


export interface GetVerificationKeysRequest {
}

export interface GetVerificationKeysRequest__Output {
}
