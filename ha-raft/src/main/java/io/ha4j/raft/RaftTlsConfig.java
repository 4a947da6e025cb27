package io.ha4j.raft;

import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS for the embedded Raft transport (node to node and client to node). When a node or a
 * {@link RaftClusterClient} has one, Ratis runs over gRPC with TLS and requires a client certificate
 * on every connection: a peer or client whose certificate is not signed by a trusted CA, or that
 * has none, is refused. Without one, Ratis runs over plain Netty as before.
 *
 * <p>This node's own certificate and key come either from a key store ({@code keyStore}, PKCS12 or
 * JKS, detected from the file) or from PEM files ({@code certificateChain} and an unencrypted
 * PKCS#8 {@code privateKey}); the CAs it trusts come either from a trust store ({@code trustStore})
 * or from a PEM bundle ({@code trustedCertificates}). The two halves can be mixed. A client checks
 * that a node's certificate names the host it connects to (a subject alternative name such as
 * {@code IP:10.0.0.5} or {@code DNS:node-a.example}).
 *
 * @param keyStore PKCS12/JKS file holding this node's private key and certificate chain
 * @param keyStorePassword its password (also the key's password)
 * @param trustStore PKCS12/JKS file holding the trusted CA certificates
 * @param trustStorePassword its password ({@code null}: the store is read without an integrity check)
 * @param certificateChain PEM file with this node's certificate (then its intermediates); may be the same
 *     file as {@code privateKey}
 * @param privateKey PEM file with this node's unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY})
 * @param trustedCertificates PEM file with the trusted CA certificates
 */
public record RaftTlsConfig(
    Path keyStore,
    String keyStorePassword,
    Path trustStore,
    String trustStorePassword,
    Path certificateChain,
    Path privateKey,
    Path trustedCertificates) {

  /** Key and trust from PKCS12/JKS stores. */
  public static RaftTlsConfig ofStores(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
    return new RaftTlsConfig(keyStore, keyStorePassword, trustStore, trustStorePassword, null, null, null);
  }

  /** Key, certificate and trusted CAs from PEM files. */
  public static RaftTlsConfig ofPem(Path certificateChain, Path privateKey, Path trustedCertificates) {
    return new RaftTlsConfig(null, null, null, null, certificateChain, privateKey, trustedCertificates);
  }

  /** Key material and trust, loaded and checked. */
  record Material(KeyManager keyManager, TrustManager trustManager) {}

  /**
   * Everything wrong with this configuration, each under {@code prefix} (e.g. {@code raft.tls}): a
   * missing or ambiguous source, a file that is missing or unreadable, a wrong password, a store
   * without a key or without a certificate.
   */
  public List<ConfigViolation> problems(String prefix) {
    List<ConfigViolation> problems = new ArrayList<>();
    load(prefix, problems);
    return problems;
  }

  /** Loads the key and trust managers; throws {@link Ha4jConfigException} naming each bad field. */
  Material load(String prefix) {
    List<ConfigViolation> problems = new ArrayList<>();
    Material m = load(prefix, problems);
    if (!problems.isEmpty()) {
      throw new Ha4jConfigException(problems);
    }
    return m;
  }

  private Material load(String prefix, List<ConfigViolation> problems) {
    KeyManager km = null;
    TrustManager tm = null;
    boolean pemKey = certificateChain != null || privateKey != null;
    if (keyStore != null && pemKey) {
      problems.add(new ConfigViolation(prefix + ".keyStore",
          "give either keyStore or certificateChain + privateKey (PEM), not both"));
    } else if (keyStore != null) {
      km = keyManagerFromStore(prefix, problems);
    } else if (pemKey) {
      km = keyManagerFromPem(prefix, problems);
    } else {
      problems.add(new ConfigViolation(prefix + ".keyStore",
          "this node's key is required: set keyStore (PKCS12/JKS) or certificateChain + privateKey (PEM)"));
    }
    if (trustStore != null && trustedCertificates != null) {
      problems.add(new ConfigViolation(prefix + ".trustStore",
          "give either trustStore or trustedCertificates (PEM), not both"));
    } else if (trustStore != null) {
      KeyStore ks = openStore(prefix + ".trustStore", trustStore, trustStorePassword, problems);
      if (ks != null) {
        try {
          boolean any = false;
          for (String alias : Collections.list(ks.aliases())) {
            any |= ks.isCertificateEntry(alias);
          }
          if (!any) {
            problems.add(new ConfigViolation(prefix + ".trustStore",
                "holds no trusted certificate: " + trustStore));
          } else {
            tm = trustManager(ks);
          }
        } catch (GeneralSecurityException e) {
          problems.add(new ConfigViolation(prefix + ".trustStore", "cannot use " + trustStore + ": " + e.getMessage()));
        }
      }
    } else if (trustedCertificates != null) {
      List<X509Certificate> certs = readCertificates(prefix + ".trustedCertificates", trustedCertificates, problems);
      if (certs != null) {
        try {
          KeyStore ks = KeyStore.getInstance("PKCS12");
          ks.load(null, null);
          for (int i = 0; i < certs.size(); i++) {
            ks.setCertificateEntry("ca-" + i, certs.get(i));
          }
          tm = trustManager(ks);
        } catch (GeneralSecurityException | IOException e) {
          problems.add(new ConfigViolation(prefix + ".trustedCertificates",
              "cannot use " + trustedCertificates + ": " + e.getMessage()));
        }
      }
    } else {
      problems.add(new ConfigViolation(prefix + ".trustStore",
          "the trusted CAs are required: set trustStore (PKCS12/JKS) or trustedCertificates (PEM)"));
    }
    return new Material(km, tm);
  }

  private KeyManager keyManagerFromStore(String prefix, List<ConfigViolation> problems) {
    String field = prefix + ".keyStore";
    if (keyStorePassword == null) {
      problems.add(new ConfigViolation(prefix + ".keyStorePassword", "is required with keyStore"));
      return null;
    }
    KeyStore ks = openStore(field, keyStore, keyStorePassword, problems);
    if (ks == null) {
      return null;
    }
    try {
      boolean any = false;
      for (String alias : Collections.list(ks.aliases())) {
        any |= ks.isKeyEntry(alias);
      }
      if (!any) {
        problems.add(new ConfigViolation(field, "holds no private key: " + keyStore));
        return null;
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, keyStorePassword.toCharArray());
      return kmf.getKeyManagers()[0];
    } catch (UnrecoverableKeyException e) {
      problems.add(new ConfigViolation(prefix + ".keyStorePassword",
          "does not unlock the private key in " + keyStore + " (the key's password must equal the store's)"));
    } catch (GeneralSecurityException e) {
      problems.add(new ConfigViolation(field, "cannot use " + keyStore + ": " + e.getMessage()));
    }
    return null;
  }

  private KeyManager keyManagerFromPem(String prefix, List<ConfigViolation> problems) {
    if (certificateChain == null) {
      problems.add(new ConfigViolation(prefix + ".certificateChain", "is required with privateKey"));
    }
    if (privateKey == null) {
      problems.add(new ConfigViolation(prefix + ".privateKey", "is required with certificateChain"));
    }
    if (certificateChain == null || privateKey == null) {
      return null;
    }
    List<X509Certificate> chain = readCertificates(prefix + ".certificateChain", certificateChain, problems);
    PrivateKey key = readPrivateKey(prefix + ".privateKey", privateKey, problems);
    if (chain == null || key == null) {
      return null;
    }
    if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
      problems.add(new ConfigViolation(prefix + ".privateKey",
          "is a " + key.getAlgorithm() + " key but the certificate in " + certificateChain + " holds a "
              + chain.get(0).getPublicKey().getAlgorithm() + " key"));
      return null;
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = "ha4j".toCharArray();
      ks.setKeyEntry("node", key, pw, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      return kmf.getKeyManagers()[0];
    } catch (GeneralSecurityException | IOException e) {
      problems.add(new ConfigViolation(prefix + ".privateKey",
          "does not go with the certificate in " + certificateChain + ": " + e.getMessage()));
      return null;
    }
  }

  private static TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return tmf.getTrustManagers()[0];
  }

  private static boolean readable(String field, Path file, List<ConfigViolation> problems) {
    if (!Files.exists(file)) {
      problems.add(new ConfigViolation(field, "file not found: " + file.toAbsolutePath()));
      return false;
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      problems.add(new ConfigViolation(field, "not a readable file: " + file.toAbsolutePath()));
      return false;
    }
    return true;
  }

  private static KeyStore openStore(String field, Path file, String password, List<ConfigViolation> problems) {
    if (!readable(field, file, problems)) {
      return null;
    }
    try {
      // detects PKCS12 and JKS from the file's content
      return KeyStore.getInstance(file.toFile(), password == null ? null : password.toCharArray());
    } catch (IOException e) {
      boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException
          || String.valueOf(e.getMessage()).toLowerCase().contains("password");
      problems.add(new ConfigViolation(field + "Password",
          wrongPassword
              ? "wrong password for " + file.toAbsolutePath()
              : "cannot read " + file.toAbsolutePath() + ": " + e.getMessage()));
      return null;
    } catch (GeneralSecurityException e) {
      problems.add(new ConfigViolation(field,
          "not a PKCS12 or JKS store: " + file.toAbsolutePath() + " (" + e.getMessage() + ")"));
      return null;
    }
  }

  private static List<X509Certificate> readCertificates(String field, Path file, List<ConfigViolation> problems) {
    if (!readable(field, file, problems)) {
      return null;
    }
    try {
      // only the CERTIFICATE blocks: the file may also hold the private key (one PEM file for both)
      String pem = Files.readString(file, StandardCharsets.US_ASCII);
      List<X509Certificate> certs = new ArrayList<>();
      Matcher m = CERTIFICATE.matcher(pem);
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      while (m.find()) {
        certs.add((X509Certificate) factory.generateCertificate(
            new java.io.ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII))));
      }
      if (certs.isEmpty()) {
        problems.add(new ConfigViolation(field, "holds no PEM certificate: " + file.toAbsolutePath()));
        return null;
      }
      return certs;
    } catch (IOException | GeneralSecurityException e) {
      problems.add(new ConfigViolation(field,
          "not a PEM certificate file: " + file.toAbsolutePath() + " (" + e.getMessage() + ")"));
      return null;
    }
  }

  private static final Pattern CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");

  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private static PrivateKey readPrivateKey(String field, Path file, List<ConfigViolation> problems) {
    if (!readable(field, file, problems)) {
      return null;
    }
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      problems.add(new ConfigViolation(field, "cannot read " + file.toAbsolutePath() + ": " + e.getMessage()));
      return null;
    }
    Matcher m = PKCS8.matcher(pem);
    if (!m.find()) {
      String hint = pem.contains("ENCRYPTED PRIVATE KEY") ? "an encrypted key"
          : pem.contains("RSA PRIVATE KEY") || pem.contains("EC PRIVATE KEY") ? "a PKCS#1/SEC1 key"
          : "no PEM private key";
      problems.add(new ConfigViolation(field, "holds " + hint + ": " + file.toAbsolutePath()
          + "; an unencrypted PKCS#8 key (BEGIN PRIVATE KEY) is required"
          + " (openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem)"));
      return null;
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException ignored) {
        // try the next algorithm
      }
    }
    problems.add(new ConfigViolation(field, "not an RSA, EC or EdDSA PKCS#8 key: " + file.toAbsolutePath()));
    return null;
  }

  /** The passwords are not shown. */
  @Override
  public String toString() {
    return "RaftTlsConfig[keyStore=" + keyStore + ", trustStore=" + trustStore + ", certificateChain="
        + certificateChain + ", privateKey=" + privateKey + ", trustedCertificates=" + trustedCertificates + "]";
  }
}
