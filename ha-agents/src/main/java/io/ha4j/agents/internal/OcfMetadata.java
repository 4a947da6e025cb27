package io.ha4j.agents.internal;

import io.ha4j.spi.AgentMetadata;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Reads an OCF agent's {@code meta-data} XML with a parser that loads nothing from outside (no
 * external DTD, entities or schemas; secure processing limits on), into {@link AgentMetadata} plus
 * each action's default interval.
 */
public final class OcfMetadata {

  /**
   * What the meta-data says.
   *
   * @param metadata parameters (name, required, default, short description) and default timeouts
   * @param intervals default intervals by action name (e.g. {@code monitor -> 10s})
   */
  public record Parsed(AgentMetadata metadata, Map<String, Duration> intervals) {}

  private OcfMetadata() {}

  /**
   * Parses meta-data XML.
   *
   * @throws IllegalArgumentException when the XML is malformed or is not a {@code resource-agent}
   */
  public static Parsed parse(String type, String xml) {
    Document doc;
    try {
      DocumentBuilder builder = factory().newDocumentBuilder();
      builder.setErrorHandler(new org.xml.sax.ErrorHandler() {
        @Override
        public void warning(org.xml.sax.SAXParseException e) {}

        @Override
        public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXParseException {
          throw e;
        }

        @Override
        public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXParseException {
          throw e;
        }
      });
      builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
      doc = builder.parse(new InputSource(new StringReader(xml)));
    } catch (Exception e) {
      throw new IllegalArgumentException("unreadable meta-data of " + type + ": " + e.getMessage(), e);
    }
    Element root = doc.getDocumentElement();
    if (!"resource-agent".equals(root.getTagName())) {
      throw new IllegalArgumentException("meta-data of " + type + " has root <" + root.getTagName()
          + ">, not <resource-agent>");
    }
    String description = text(root, "shortdesc");
    List<AgentMetadata.Parameter> params = new ArrayList<>();
    NodeList ps = root.getElementsByTagName("parameter");
    for (int i = 0; i < ps.getLength(); i++) {
      Element p = (Element) ps.item(i);
      String name = p.getAttribute("name");
      if (name.isEmpty()) {
        continue;
      }
      boolean required = "1".equals(p.getAttribute("required")) || "true".equalsIgnoreCase(p.getAttribute("required"));
      String dflt = null;
      NodeList contents = p.getElementsByTagName("content");
      if (contents.getLength() > 0 && ((Element) contents.item(0)).hasAttribute("default")) {
        dflt = ((Element) contents.item(0)).getAttribute("default");
      }
      params.add(new AgentMetadata.Parameter(name, required, dflt, text(p, "shortdesc")));
    }
    Map<String, Duration> timeouts = new LinkedHashMap<>();
    Map<String, Duration> intervals = new LinkedHashMap<>();
    NodeList as = root.getElementsByTagName("action");
    for (int i = 0; i < as.getLength(); i++) {
      Element a = (Element) as.item(i);
      String name = a.getAttribute("name");
      if (name.isEmpty() || timeouts.containsKey(name)) {
        continue;  // the first action of a name (e.g. monitor depth 0) gives the defaults
      }
      duration(a.getAttribute("timeout")).ifPresent(d -> timeouts.put(name, d));
      duration(a.getAttribute("interval")).ifPresent(d -> intervals.put(name, d));
    }
    return new Parsed(new AgentMetadata(type, description.isEmpty() ? type : description, params, timeouts),
        intervals);
  }

  private static java.util.Optional<Duration> duration(String text) {
    if (text == null || text.isBlank()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Durations.parse(text));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  private static String text(Element parent, String child) {
    NodeList nl = parent.getChildNodes();
    for (int i = 0; i < nl.getLength(); i++) {
      if (nl.item(i) instanceof Element e && e.getTagName().equals(child)) {
        return e.getTextContent().strip().replaceAll("\\s+", " ");
      }
    }
    return "";
  }

  private static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(false);
    f.setValidating(false);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return f;
  }
}
