package io.ha4j.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Test certificates made at test time with the JDK's keytool (run with an argument list, no shell):
 * a CA, node certificates it signs (subject alternative names IP:127.0.0.1 and DNS:localhost), and
 * a foreign CA with its own "stranger" certificate. Every store is PKCS12 with password {@link #PASSWORD}.
 */
public final class TestPki {
  public static final String PASSWORD = "changeit";

  public final Path dir;

  public TestPki(Path dir) {
    this.dir = dir;
  }

  /** Makes a CA named {@code ca} ({@code ca.p12}, {@code ca.pem}, trust store {@code ca-trust.p12}). */
  public TestPki ca(String ca) {
    keytool("-genkeypair", "-alias", ca, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + ca,
        "-ext", "bc:c", "-validity", "3", "-keystore", p12(ca), "-storetype", "PKCS12", "-storepass", PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", ca, "-keystore", p12(ca), "-storepass", PASSWORD,
        "-file", file(ca + ".pem").toString());
    keytool("-importcert", "-noprompt", "-alias", ca, "-file", file(ca + ".pem").toString(),
        "-keystore", p12(ca + "-trust"), "-storetype", "PKCS12", "-storepass", PASSWORD);
    return this;
  }

  /**
   * Makes {@code name.p12} holding a key and a certificate signed by {@code ca}, and the same as PEM
   * files {@code name.crt.pem} (chain) and {@code name.key.pem} (PKCS#8).
   */
  public TestPki cert(String name, String ca) {
    return cert(name, ca, "ip:127.0.0.1,dns:localhost");
  }

  /** The same with other subject alternative names (keytool syntax, e.g. {@code dns:elsewhere.example}). */
  public TestPki cert(String name, String ca, String san) {
    keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-validity", "3", "-keystore", p12(name), "-storetype", "PKCS12", "-storepass", PASSWORD);
    keytool("-certreq", "-alias", "node", "-keystore", p12(name), "-storepass", PASSWORD,
        "-file", file(name + ".csr").toString());
    keytool("-gencert", "-rfc", "-alias", ca, "-keystore", p12(ca), "-storepass", PASSWORD,
        "-infile", file(name + ".csr").toString(), "-outfile", file(name + ".crt").toString(), "-validity", "3",
        "-ext", "san=" + san, "-ext", "eku=serverAuth,clientAuth");
    keytool("-importcert", "-noprompt", "-alias", ca, "-file", file(ca + ".pem").toString(),
        "-keystore", p12(name), "-storepass", PASSWORD);
    keytool("-importcert", "-alias", "node", "-file", file(name + ".crt").toString(),
        "-keystore", p12(name), "-storepass", PASSWORD);
    try {
      KeyStore ks = KeyStore.getInstance(file(name + ".p12").toFile(), PASSWORD.toCharArray());
      StringBuilder chain = new StringBuilder();
      for (Certificate c : ks.getCertificateChain("node")) {
        chain.append(pem("CERTIFICATE", c.getEncoded()));
      }
      Files.writeString(file(name + ".crt.pem"), chain, StandardCharsets.US_ASCII);
      Files.writeString(file(name + ".key.pem"),
          pem("PRIVATE KEY", ks.getKey("node", PASSWORD.toCharArray()).getEncoded()), StandardCharsets.US_ASCII);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  /** TLS from stores: {@code name.p12} and the trust store of {@code ca}. */
  public RaftTlsConfig stores(String name, String ca) {
    return RaftTlsConfig.ofStores(file(name + ".p12"), PASSWORD, file(ca + "-trust.p12"), PASSWORD);
  }

  /** TLS from PEM files: {@code name}'s chain and key, {@code ca.pem} trusted. */
  public RaftTlsConfig pem(String name, String ca) {
    return RaftTlsConfig.ofPem(file(name + ".crt.pem"), file(name + ".key.pem"), file(ca + ".pem"));
  }

  public Path file(String name) {
    return dir.resolve(name);
  }

  private String p12(String name) {
    return file(name + ".p12").toString();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
