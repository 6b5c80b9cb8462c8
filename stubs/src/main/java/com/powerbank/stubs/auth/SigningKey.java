package com.powerbank.stubs.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

/**
 * The identity provider's RSA signing key (2048 bits, a JWK with a random key id), made with Nimbus
 * JOSE. Kept in a file when one is configured, so that tokens survive a restart of the stubs (chaos
 * tests restart them); otherwise in memory.
 */
final class SigningKey {

  private SigningKey() {}

  /**
   * @param file the JWK file (read if present, else created with mode 600), or blank for memory
   * @throws IllegalStateException when the file exists but is not an RSA private JWK
   */
  static RSAKey load(String file) {
    if (file == null || file.isBlank()) {
      return generate();
    }
    Path path = Path.of(file);
    try {
      if (Files.exists(path)) {
        RSAKey key = RSAKey.parse(Files.readString(path, StandardCharsets.UTF_8));
        if (!key.isPrivate()) {
          throw new IllegalStateException(file + " holds no private key");
        }
        return key;
      }
      RSAKey key = generate();
      Path parent = path.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, "signing-key", ".tmp");
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(temp, key.toJSONString(), StandardCharsets.UTF_8);
      Files.move(temp, path);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the signing key in " + file, e);
    } catch (ParseException e) {
      throw new IllegalStateException(file + " is not a JWK", e);
    }
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot make an RSA key", e);
    }
  }
}
