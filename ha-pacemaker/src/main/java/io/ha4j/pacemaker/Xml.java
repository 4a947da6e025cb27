package io.ha4j.pacemaker;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * DOM helpers for the CIB reader: a parser hardened against XXE (no DOCTYPE, no external entities),
 * child look-ups, and the readable XML paths used in error messages
 * ({@code configuration/resources/primitive[WebService]/operations/op[monitor-10s]/@timeout}).
 */
final class Xml {

  private Xml() {}

  /** Parses a document; DOCTYPE declarations and external entities are refused. */
  static Document parse(InputStream in) throws IOException, SAXException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    try {
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    } catch (ParserConfigurationException | IllegalArgumentException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be secured", e);
    }
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    factory.setNamespaceAware(false);
    try {
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      });
      return builder.parse(new InputSource(in));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The element children of {@code parent}, in document order. */
  static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  /** The element children named {@code tag}, in document order. */
  static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    for (Element e : children(parent)) {
      if (e.getTagName().equals(tag)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The first element child named {@code tag}, or {@code null}. */
  static Element child(Element parent, String tag) {
    for (Element e : children(parent)) {
      if (e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }

  /** An attribute's value, or {@code null} when it is absent (DOM returns "" for absent ones). */
  static String attr(Element e, String name) {
    return e != null && e.hasAttribute(name) ? e.getAttribute(name) : null;
  }

  /**
   * The path of {@code e} below {@code <cib>}: each step is the tag name, qualified by the id (or an
   * nvpair's name, or {@code #n} for the n-th sibling of that tag) in brackets.
   */
  static String path(Element e) {
    List<String> steps = new ArrayList<>();
    for (Node n = e; n instanceof Element el && n.getParentNode() instanceof Element; n = n.getParentNode()) {
      steps.add(0, step(el));
    }
    return steps.isEmpty() ? e.getTagName() : String.join("/", steps);
  }

  /** The path of an attribute of {@code e}. */
  static String path(Element e, String attribute) {
    return path(e) + "/@" + attribute;
  }

  private static String step(Element e) {
    String tag = e.getTagName();
    String label = attr(e, "id");
    if (label == null && tag.equals("nvpair")) {
      label = attr(e, "name");
    }
    if (label == null && e.getParentNode() instanceof Element parent) {
      List<Element> siblings = children(parent, tag);
      if (siblings.size() == 1) {
        return tag;
      }
      label = "#" + (siblings.indexOf(e) + 1);
    }
    return label == null ? tag : tag + "[" + label + "]";
  }
}
