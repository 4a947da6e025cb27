package io.ha4j.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.ConfigViolation;
import io.ha4j.scheduler.Scheduler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/**
 * Fuzzes the CIB reader with 10,000 damaged CIBs (elements removed, duplicated or renamed,
 * attributes emptied, removed or replaced by hostile values, text cut or spliced): it either reads
 * a CIB whose configuration validates and schedules, or throws {@link CibException} listing
 * problems with paths. Nothing else.
 */
class CibFuzzProperties {

  private static final String[] VALUES = {"", " ", "x!", "-1", "0", "INFINITY", "-INFINITY", "+INFINITY", "1e99",
      "99999999999999999999", "true", "no", "Stopped", "Started", "Master", "; rm -rf /", "$(id)", "`id`",
      "../../etc/passwd", "-f", "a\nb", "\u00fc\u00ef", "10s", "PT1M", "1min", "stonith", "ocf", "heartbeat",
      "node1", "rsc1", "fence1", "7", "1", "3.16.1", "3.0.12", "1700000000"};

  private static final List<String> SOURCES = sources();

  private static List<String> sources() {
    try {
      Path root = Path.of(CibFuzzProperties.class.getResource("/regression").toURI());
      try (Stream<Path> files = Files.walk(root)) {
        List<String> out = new ArrayList<>();
        for (Path p : files.filter(f -> f.getFileName().toString().equals("cib.xml")).sorted().toList()) {
          out.add(Files.readString(p, StandardCharsets.UTF_8));
        }
        return out;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Property(tries = 10_000, seed = "7")
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void damagedCibsOnlyEverGiveValidationErrorsWithPaths(@ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    String xml = damage(rnd, SOURCES.get(rnd.nextInt(SOURCES.size())));
    try {
      CibSnapshot cib = Cib.parse(xml);
      assertThat(cib.config().validate()).isEmpty();
      Scheduler.schedule(cib.config(), cib.state(), cib.executionTime().orElse(Instant.EPOCH));
      Statistics.collect("read");
    } catch (CibException e) {
      assertThat(e.violations()).isNotEmpty();
      for (ConfigViolation v : e.violations()) {
        assertThat(v.path()).isNotBlank();
        assertThat(v.message()).isNotBlank();
      }
      Statistics.collect("rejected");
    }
    Statistics.coverage(c -> {
      c.check("read").percentage(p -> p > 10);
      c.check("rejected").percentage(p -> p > 10);
    });
  }

  private static String damage(Random rnd, String source) throws Exception {
    if (rnd.nextInt(10) == 0) { // text-level damage
      int cut = rnd.nextInt(source.length());
      return rnd.nextBoolean() ? source.substring(0, cut)
          : source.substring(0, cut) + VALUES[rnd.nextInt(VALUES.length)] + source.substring(cut);
    }
    var factory = DocumentBuilderFactory.newInstance();
    Document doc = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)));
    List<Element> elements = new ArrayList<>();
    NodeList all = doc.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      elements.add((Element) all.item(i));
    }
    for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
      Element e = elements.get(rnd.nextInt(elements.size()));
      NamedNodeMap attrs = e.getAttributes();
      switch (rnd.nextInt(6)) {
        case 0 -> {
          if (e.getParentNode() instanceof Element parent) {
            parent.removeChild(e);
          }
        }
        case 1 -> {
          if (e.getParentNode() instanceof Element parent) {
            parent.appendChild(e.cloneNode(true));
          }
        }
        case 2 -> {
          if (attrs.getLength() > 0) {
            ((Attr) attrs.item(rnd.nextInt(attrs.getLength()))).setValue(VALUES[rnd.nextInt(VALUES.length)]);
          }
        }
        case 3 -> {
          if (attrs.getLength() > 0) {
            e.removeAttributeNode((Attr) attrs.item(rnd.nextInt(attrs.getLength())));
          }
        }
        case 4 -> doc.renameNode(e, null, rnd.nextBoolean() ? "clone" : "bogus");
        default -> e.setAttribute(rnd.nextBoolean() ? "score" : "id", VALUES[rnd.nextInt(VALUES.length)]);
      }
    }
    StringWriter out = new StringWriter();
    TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
    return out.toString();
  }
}
