import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * The reference implementation's verdicts for the differential tests (test/differential), one JVM per batch.
 * Reads JSON lines on standard input and answers one JSON line each, in order, on standard output:
 *
 *   {"id":1,"op":"parse","schema":"<schema text>"}
 *     -> {"id":1,"ok":true} | {"id":1,"ok":false,"error":"..."}
 *   {"id":2,"op":"compat","reader":"<schema text>","writer":"<schema text>"}
 *     -> {"id":2,"ok":true,"compatible":false,"incompatibilities":[{"type":"...","location":"/...","message":"..."}]}
 *      | {"id":2,"ok":false,"error":"..."}   (a schema does not parse, or the check throws)
 *
 * Schemas are parsed as the registry does: new Schema.Parser().setValidateDefaults(true).
 */
public final class AvroOracle {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, false, "UTF-8");
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) continue;
      ObjectNode answer = MAPPER.createObjectNode();
      try {
        JsonNode request = MAPPER.readTree(line);
        answer.set("id", request.get("id"));
        String op = request.path("op").asText();
        if (op.equals("parse")) {
          try {
            parse(request.path("schema").asText());
            answer.put("ok", true);
          } catch (Throwable e) {
            answer.put("ok", false);
            answer.put("error", describe(e));
          }
        } else if (op.equals("compat")) {
          compat(request, answer);
        } else {
          answer.put("ok", false);
          answer.put("error", "unknown op " + op);
        }
      } catch (Throwable e) {
        answer.put("ok", false);
        answer.put("error", describe(e));
      }
      out.println(MAPPER.writeValueAsString(answer));
      out.flush();
    }
  }

  private static Schema parse(String text) {
    return new Schema.Parser().setValidateDefaults(true).parse(text);
  }

  private static void compat(JsonNode request, ObjectNode answer) {
    Schema reader;
    Schema writer;
    try {
      reader = parse(request.path("reader").asText());
      writer = parse(request.path("writer").asText());
    } catch (Throwable e) {
      answer.put("ok", false);
      answer.put("error", "parse: " + describe(e));
      return;
    }
    try {
      SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
      answer.put("ok", true);
      answer.put("compatible", result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
      ArrayNode list = answer.putArray("incompatibilities");
      for (SchemaCompatibility.Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
        ObjectNode item = list.addObject();
        item.put("type", incompatibility.getType().name());
        item.put("location", incompatibility.getLocation());
        item.put("message", incompatibility.getMessage());
      }
    } catch (Throwable e) {
      answer.put("ok", false);
      answer.put("error", "check: " + describe(e));
    }
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
