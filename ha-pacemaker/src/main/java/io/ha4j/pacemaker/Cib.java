package io.ha4j.pacemaker;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterState;
import io.ha4j.ConfigViolation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads Pacemaker CIB XML (the {@code cib.xml} that {@code cibadmin -Q} or {@code crm_simulate -x}
 * use) into ha4j's model: the configuration section as a {@link ClusterConfig} with Pacemaker's
 * defaults, and the status section as a {@link ClusterState}, following Pacemaker 2.1.5's rules for
 * node states, operation history and fail counts. See this module's README for what is read and what
 * is refused.
 *
 * <p>A file that cannot be read into the model (not XML, missing ids, a bad score, an unknown
 * resource class, an unsupported feature such as clones or rules) gives a {@link CibException} that
 * lists every problem with its XML path, e.g.
 * {@code configuration/resources/primitive[WebService]/operations/op[monitor-10s]/@timeout: not a
 * duration: 'abc'}. The configuration returned always passes {@link ClusterConfig#validate()}; when it
 * would not, the validator's problems are reported the same way.
 *
 * <p>Stateless and thread-safe. DOCTYPE declarations and external entities are refused.
 */
public final class Cib {

  private Cib() {}

  /**
   * Reads a CIB file.
   *
   * @throws CibException listing every problem, with XML paths, when the file cannot be read into the
   *     model (also when it cannot be opened)
   */
  public static CibSnapshot read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new CibException(List.of(new ConfigViolation(file.toString(), "no such file")));
    } catch (IOException e) {
      throw new CibException(List.of(new ConfigViolation(file.toString(), "cannot read: " + e.getMessage())));
    }
  }

  /**
   * Reads a CIB from a stream (not closed).
   *
   * @throws CibException listing every problem when the document cannot be read into the model
   */
  public static CibSnapshot read(InputStream in) {
    return read(in, "cib");
  }

  /**
   * Reads a CIB held in a string.
   *
   * @throws CibException listing every problem when the document cannot be read into the model
   */
  public static CibSnapshot parse(String xml) {
    return read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "cib");
  }

  private static CibSnapshot read(InputStream in, String source) {
    Document doc;
    try {
      doc = Xml.parse(in);
    } catch (SAXParseException e) {
      throw new CibException(List.of(new ConfigViolation(source + ":" + e.getLineNumber() + ":" + e.getColumnNumber(),
          "not well-formed XML: " + e.getMessage())));
    } catch (SAXException e) {
      throw new CibException(List.of(new ConfigViolation(source, "not well-formed XML: " + e.getMessage())));
    } catch (IOException e) {
      throw new CibException(List.of(new ConfigViolation(source, "cannot read: " + e.getMessage())));
    }
    return read(doc.getDocumentElement());
  }

  private static CibSnapshot read(Element cib) {
    Problems problems = new Problems();
    if (!cib.getTagName().equals("cib")) {
      problems.add(cib.getTagName(), "the document's root must be <cib>, not <" + cib.getTagName() + ">");
      problems.throwIfAny();
    }
    AttributeSets sets = new AttributeSets(cib, problems);
    ConfigReader.Result config = new ConfigReader(sets, problems).read(cib);
    ClusterState state = new StatusReader(sets, problems, config).read(cib);
    Instant executionDate = null;
    String date = Xml.attr(cib, "execution-date");
    if (date != null) {
      Long seconds = Values.integer(date);
      if (seconds == null) {
        problems.add(cib, "execution-date", "not a Unix time: '" + date + "'");
      } else {
        executionDate = Instant.ofEpochSecond(seconds);
      }
    }
    problems.throwIfAny();
    List<ConfigViolation> violations = config.config().validate();
    if (!violations.isEmpty()) {
      throw new CibException(violations);
    }
    return new CibSnapshot(config.config(), state, executionDate);
  }
}
