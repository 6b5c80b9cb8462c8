package com.powerbank.stubs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.TestPropertySource;

/**
 * The simulated identity provider over HTTP (issue 11): discovery, client-credentials tokens per
 * demo user and for the operator, refusals, and the demo UI's authorization code flow with PKCE.
 * Tokens are checked with Spring Security's own decoder against the published JWKS and issuer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(
    properties = {
      "powerbank.auth.issuer=",
      "powerbank.auth.ui-redirect-uris=http://127.0.0.1:8000/"
    })
class IdentityProviderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> token(String clientId, String secret, String form) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return send(
        HttpRequest.newBuilder(URI.create(base() + "/oauth2/token"))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  private Jwt decode(String token) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(base() + "/oauth2/jwks").build();
    decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(base()));
    return decoder.decode(token);
  }

  @Test
  void discoveryNamesTheIssuerAndItsEndpoints() throws Exception {
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(URI.create(base() + "/.well-known/openid-configuration"))
                .build());
    JsonNode doc = JSON.readTree(answer.body());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(doc.path("issuer").asText()).isEqualTo(base());
    assertThat(doc.path("jwks_uri").asText()).isEqualTo(base() + "/oauth2/jwks");
    assertThat(doc.path("token_endpoint").asText()).isEqualTo(base() + "/oauth2/token");
  }

  @Test
  void aDemoUserGetsATokenForThemselves() throws Exception {
    HttpResponse<String> answer = token("alice-1", "demo-secret", "grant_type=client_credentials");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    Jwt jwt = decode(JSON.readTree(answer.body()).path("access_token").asText());
    assertThat(jwt.getSubject()).isEqualTo("alice-1");
    assertThat(jwt.getClaimAsStringList("scope")).containsExactly("rentals");
    assertThat(jwt.getExpiresAt()).isAfter(jwt.getIssuedAt().plusSeconds(3000));
  }

  @Test
  void theOperatorGetsTheOperatorScope() throws Exception {
    HttpResponse<String> answer =
        token("operator", "operator-secret", "grant_type=client_credentials");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    Jwt jwt = decode(JSON.readTree(answer.body()).path("access_token").asText());
    assertThat(jwt.getSubject()).isEqualTo("operator");
    assertThat(jwt.getClaimAsStringList("scope")).containsExactly("operator");
  }

  @Test
  void wrongSecretsUnknownUsersAndForeignScopesAreRefused() throws Exception {
    assertThat(token("alice-1", "wrong", "grant_type=client_credentials").statusCode())
        .isEqualTo(401);
    assertThat(token("unknown-bob", "demo-secret", "grant_type=client_credentials").statusCode())
        .isEqualTo(401);
    assertThat(token("operator", "demo-secret", "grant_type=client_credentials").statusCode())
        .isEqualTo(401);
    HttpResponse<String> foreign =
        token("alice-1", "demo-secret", "grant_type=client_credentials&scope=operator");
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.body()).contains("invalid_scope");
  }

  @Test
  void theDemoUiSignsInWithAuthorizationCodeAndPkce() throws Exception {
    assertThat(signInThroughTheBrowserFlow("carol-7", "demo").getClaimAsStringList("scope"))
        .containsExactlyInAnyOrder("openid", "rentals");
    assertThat(signInThroughTheBrowserFlow("operator", "operator").getClaimAsStringList("scope"))
        .contains("operator");
  }

  /** Login form, authorize, code, token: what the demo UI's browser does. */
  private Jwt signInThroughTheBrowserFlow(String user, String password) throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String verifier = "v".repeat(20) + user.replace("-", "") + "x".repeat(30);
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String authorize =
        base()
            + "/oauth2/authorize?"
            + form(
                Map.of(
                    "response_type", "code",
                    "client_id", "demo-ui",
                    "redirect_uri", "http://127.0.0.1:8000/",
                    "scope", "openid rentals operator",
                    "state", "s1",
                    "code_challenge", challenge,
                    "code_challenge_method", "S256"));
    HttpResponse<String> toLogin =
        browser.send(
            HttpRequest.newBuilder(URI.create(authorize)).header("Accept", "text/html").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(toLogin.statusCode()).isEqualTo(302);
    HttpResponse<String> loginPage =
        browser.send(
            HttpRequest.newBuilder(URI.create(base() + "/login")).build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher csrf =
        Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage.body());
    assertThat(csrf.find()).as(loginPage.body()).isTrue();
    HttpResponse<String> loggedIn =
        browser.send(
            HttpRequest.newBuilder(URI.create(base() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(
                            Map.of(
                                "username", user, "password", password, "_csrf", csrf.group(1)))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(loggedIn.statusCode()).isEqualTo(302);
    String back = loggedIn.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> withCode =
        browser.send(
            HttpRequest.newBuilder(URI.create(back)).header("Accept", "text/html").build(),
            HttpResponse.BodyHandlers.ofString());
    String redirect = withCode.headers().firstValue("Location").orElseThrow();
    assertThat(redirect).startsWith("http://127.0.0.1:8000/?code=");
    String code = redirect.replaceAll(".*[?&]code=([^&]+).*", "$1");
    HttpResponse<String> token =
        browser.send(
            HttpRequest.newBuilder(URI.create(base() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(
                            Map.of(
                                "grant_type", "authorization_code",
                                "client_id", "demo-ui",
                                "code", URLDecoder.decode(code, StandardCharsets.UTF_8),
                                "redirect_uri", "http://127.0.0.1:8000/",
                                "code_verifier", verifier))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    String accessToken = JSON.readTree(token.body()).path("access_token").asText();
    Jwt jwt = decode(accessToken);
    assertThat(jwt.getSubject()).isEqualTo(user);
    HttpResponse<String> userInfo =
        send(
            HttpRequest.newBuilder(URI.create(base() + "/userinfo"))
                .header("Authorization", "Bearer " + accessToken)
                .build());
    assertThat(userInfo.statusCode()).as(userInfo.body()).isEqualTo(200);
    JsonNode who = JSON.readTree(userInfo.body());
    assertThat(who.path("sub").asText()).isEqualTo(user);
    assertThat(who.path("operator").asBoolean()).isEqualTo("operator".equals(user));
    return jwt;
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
