package com.powerbank.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Bearer tokens for the black-box tests (issue 11), signed by Spring Security's {@link
 * NimbusJwtEncoder} with a key whose public half WireMock serves as the issuer's JWKS ({@link
 * #jwks()}). Also the bad ones: expired, signed by another key with the same key id, from another
 * issuer.
 */
public final class TestTokens {

  /** The issuer the api under test trusts ({@code application-test.properties}). */
  public static final String ISSUER = "http://issuer.test";

  private static final RSAKey KEY = rsaKey("test-key");
  private static final RSAKey IMPOSTOR = rsaKey("test-key");
  private static final NimbusJwtEncoder SIGNER =
      new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(KEY)));
  private static final NimbusJwtEncoder IMPOSTOR_SIGNER =
      new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(IMPOSTOR)));

  private TestTokens() {}

  /** The public JWKS document of the trusted key. */
  public static String jwks() {
    return new JWKSet(KEY.toPublicJWK()).toString();
  }

  /** A valid token of {@code userId} with scope {@code rentals}. */
  public static String user(String userId) {
    return sign(SIGNER, ISSUER, userId, "rentals", Instant.now());
  }

  /** A valid operator token (scope {@code operator}). */
  public static String operator() {
    return sign(SIGNER, ISSUER, "operator", "operator", Instant.now());
  }

  /** A token of {@code userId} that expired an hour ago. */
  public static String expired(String userId) {
    return sign(SIGNER, ISSUER, userId, "rentals", Instant.now().minus(Duration.ofHours(2)));
  }

  /** A token of {@code userId} signed by a key the issuer never published. */
  public static String badSignature(String userId) {
    return sign(IMPOSTOR_SIGNER, ISSUER, userId, "rentals", Instant.now());
  }

  /** A token of {@code userId} from an issuer the api does not trust. */
  public static String wrongIssuer(String userId) {
    return sign(SIGNER, "http://elsewhere.test", userId, "rentals", Instant.now());
  }

  private static String sign(
      NimbusJwtEncoder signer, String issuer, String subject, String scope, Instant issuedAt) {
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .issuer(issuer)
            .subject(subject)
            .issuedAt(issuedAt)
            .expiresAt(issuedAt.plus(Duration.ofHours(1)))
            .claim("scope", List.of(scope))
            .build();
    JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId("test-key").build();
    return signer.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
  }

  private static RSAKey rsaKey(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
