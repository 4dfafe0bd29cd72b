// Original file: proto/shop/user/v1/user_service.proto


export interface GetVerificationKeysResponse {
  /**
   * The JWK set document (RFC 7517, section 5) as JSON: Ed25519 public keys
   * ("kty": "OKP", "crv": "Ed25519"), each with its kid (the key's RFC 7638
   * thumbprint), "alg": "EdDSA" and "use": "sig". JSON, so that any JOSE
   * library takes it as it is.
   */
  'jwks'?: (string);
}

export interface GetVerificationKeysResponse__Output {
  /**
   * The JWK set document (RFC 7517, section 5) as JSON: Ed25519 public keys
   * ("kty": "OKP", "crv": "Ed25519"), each with its kid (the key's RFC 7638
   * thumbprint), "alg": "EdDSA" and "use": "sig". JSON, so that any JOSE
   * library takes it as it is.
   */
  'jwks': (string);
}
