package io.ha4j.runtime;

import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Small helpers over Jackson's tree model; the only place that holds the mapper. */
final class Json {

  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static byte[] bytes(JsonNode node) {
    return MAPPER.writeValueAsBytes(node);
  }

  static JsonNode parse(byte[] bytes) {
    return MAPPER.readTree(bytes);
  }

  /** The field as a string, or {@code null} when missing or null. */
  static String str(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    return n.isString() ? n.stringValue() : n.toString();
  }

  static void putDuration(ObjectNode o, String field, Duration d) {
    if (d == null) {
      o.putNull(field);
    } else {
      o.put(field, d.toString());
    }
  }

  static Duration duration(JsonNode o, String field) {
    String s = str(o, field);
    return s == null ? null : Duration.parse(s);
  }

  static void putInstant(ObjectNode o, String field, Instant i) {
    if (i == null) {
      o.putNull(field);
    } else {
      o.put(field, i.toString());
    }
  }

  static Instant instant(JsonNode o, String field) {
    String s = str(o, field);
    return s == null ? null : Instant.parse(s);
  }
}
