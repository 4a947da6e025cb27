package io.ha4j.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Damaged CIBs never make the reader throw anything but {@link CibException}: every attribute of a
 * few varied corpus CIBs is removed, emptied or replaced by garbage, one at a time.
 */
class CibRobustnessTest {

  private static final List<String> CASES =
      List.of("rec-rsc-5", "multiple-monitor-one-failed", "failed-probe-primitive", "group13");

  private static final TransformerFactory TRANSFORMERS = TransformerFactory.newInstance();

  @TestFactory
  Stream<DynamicTest> damagedCibsGiveCibExceptions() {
    Path root = Corpus.require();
    return CASES.stream().filter(c -> Files.isRegularFile(root.resolve(c).resolve("cib.xml")))
        .map(c -> DynamicTest.dynamicTest(c, () -> damageEveryAttribute(root.resolve(c).resolve("cib.xml"))));
  }

  private static void damageEveryAttribute(Path cib) throws Exception {
    byte[] original = Files.readAllBytes(cib);
    int attributes = attributes(parse(original)).size();
    assertThat(attributes).isPositive();
    for (int i = 0; i < attributes; i++) {
      for (String damage : new String[] {null, "", "x!"}) {
        Document doc = parse(original);
        Attr a = attributes(doc).get(i);
        String what = a.getOwnerElement().getTagName() + "/@" + a.getName() + (damage == null ? " removed" : "='" + damage + "'");
        if (damage == null) {
          a.getOwnerElement().removeAttributeNode(a);
        } else {
          a.setValue(damage);
        }
        try {
          Cib.parse(serialize(doc));
        } catch (CibException expected) {
          assertThat(expected.violations()).as(what).isNotEmpty();
        } catch (RuntimeException e) {
          fail(cib.getParent().getFileName() + ": " + what + " threw " + e, e);
        }
      }
    }
  }

  private static List<Attr> attributes(Document doc) {
    List<Attr> out = new java.util.ArrayList<>();
    NodeList all = doc.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      for (int j = 0; j < e.getAttributes().getLength(); j++) {
        out.add((Attr) e.getAttributes().item(j));
      }
    }
    return out;
  }

  private static Document parse(byte[] xml) throws Exception {
    return Xml.parse(new ByteArrayInputStream(xml));
  }

  private static String serialize(Document doc) throws Exception {
    StringWriter out = new StringWriter();
    TRANSFORMERS.newTransformer().transform(new DOMSource(doc), new StreamResult(out));
    return out.toString();
  }
}
