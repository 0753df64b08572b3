package dev.junitprompt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

/**
 * An OpenAPI contract on the test classpath (a copy of one of {@code ../shared/contracts/}, YAML or JSON, OpenAPI 3.0
 * or 3.1): which operations exist, and whether a JSON request body is valid for one of them. The fake servers
 * ({@code FakeLangfuse}, {@code FakeLangSmith}) check every request body with it.
 *
 * <p>A body is checked twice: against the operation's request body schema with networknt's json-schema-validator
 * (the spec's dialect: types, required fields, enums, {@code nullable}, {@code oneOf}), and for fields the schema
 * does not declare. Specs often leave their objects open while the servers reject or silently drop unknown fields,
 * which hides typos: an undeclared field is a violation everywhere. Free-form fields (objects with
 * {@code additionalProperties}: {@code input}, {@code metadata}, {@code extra}…) are not looked into.
 */
public final class OpenApiContract {

    private final String resource;
    private final JsonNode spec;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /** @param resource the spec's path on the test classpath, e.g. {@code contracts/langfuse/openapi.yml} */
    public OpenApiContract(String resource) {
        this.resource = resource;
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            ObjectMapper mapper = resource.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
            spec = mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry = SchemaRegistry.withDialect(spec.path("openapi").asText().startsWith("3.1")
                ? Dialects.getOpenApi31() : Dialects.getOpenApi30());
    }

    /** Every path template of the spec, e.g. {@code /api/public/v2/prompts/{promptName}}. */
    public List<String> pathTemplates() {
        List<String> templates = new ArrayList<>();
        spec.path("paths").fieldNames().forEachRemaining(templates::add);
        return templates;
    }

    /** Whether the spec has this operation. */
    public boolean hasOperation(String method, String template) {
        return spec.path("paths").path(template).has(method.toLowerCase(java.util.Locale.ROOT));
    }

    /** The operation's JSON request body schema, if it has one. */
    public Optional<JsonNode> requestSchema(String method, String template) {
        JsonNode schema = spec.path("paths").path(template).path(method.toLowerCase(java.util.Locale.ROOT))
                .path("requestBody").path("content").path("application/json").path("schema");
        return schema.isMissingNode() ? Optional.empty() : Optional.of(schema);
    }

    /** Everything wrong with {@code body} as the request body of the operation; empty when it is valid. */
    public List<String> check(String method, String template, JsonNode body) {
        List<String> problems = new ArrayList<>();
        Optional<JsonNode> schemaNode = requestSchema(method, template);
        if (schemaNode.isEmpty()) {
            problems.add(method + " " + template + " takes no JSON body");
            return problems;
        }
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(java.util.Locale.ROOT)
                + "/requestBody/content/application~1json/schema";
        Schema schema = schemas.computeIfAbsent(pointer,
                p -> registry.getSchema(SchemaLocation.of("classpath:" + resource + "#" + p)));
        for (Error error : schema.validate(body.toString(), InputFormat.JSON)) {
            problems.add(error.toString());
        }
        undeclaredFields(schemaNode.get(), body, "$", problems);
        return problems;
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    // ------------------------------------------------------------------------------------ undeclared fields

    private void undeclaredFields(JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value.isObject()) {
            Map<String, JsonNode> declared = new LinkedHashMap<>();
            boolean open = collect(schema, value, declared, 0);
            if (!open && !declared.isEmpty()) {
                for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!declared.containsKey(name)) {
                        problems.add(at + "." + name + ": field not declared by the schema");
                    }
                }
            }
            declared.forEach((name, fieldSchema) -> undeclaredFields(fieldSchema, value.get(name), at + "." + name,
                    problems));
        } else if (value.isArray()) {
            JsonNode items = deref(schema).path("items");
            if (!items.isMissingNode()) {
                for (int i = 0; i < value.size(); i++) {
                    undeclaredFields(items, value.get(i), at + "[" + i + "]", problems);
                }
            }
        }
    }

    /**
     * Gathers the properties {@code schema} declares for {@code value}, through {@code $ref}, {@code allOf} and the
     * {@code oneOf}/{@code anyOf} branches whose {@code type} discriminator (an enum) admits the value's.
     *
     * @return whether the schema admits any other property ({@code additionalProperties})
     */
    private boolean collect(JsonNode schema, JsonNode value, Map<String, JsonNode> declared, int depth) {
        if (depth > 32) {
            return true;
        }
        JsonNode resolved = deref(schema);
        boolean open = resolved.path("additionalProperties").isObject()
                || resolved.path("additionalProperties").asBoolean(false);
        resolved.path("properties").fields().forEachRemaining(field -> declared.putIfAbsent(field.getKey(),
                field.getValue()));
        for (JsonNode part : resolved.path("allOf")) {
            open |= collect(part, value, declared, depth + 1);
        }
        for (String keyword : List.of("oneOf", "anyOf")) {
            for (JsonNode branch : resolved.path(keyword)) {
                if (admitsType(branch, value, depth + 1)) {
                    open |= collect(branch, value, declared, depth + 1);
                }
            }
        }
        return open;
    }

    /** Whether the branch's {@code type} property (an enum, possibly behind refs and allOf) admits the value's. */
    private boolean admitsType(JsonNode branch, JsonNode value, int depth) {
        if (depth > 32 || !value.path("type").isTextual()) {
            return true;
        }
        JsonNode resolved = deref(branch);
        JsonNode typeProperty = deref(resolved.path("properties").path("type"));
        if (typeProperty.has("const") && !typeProperty.path("const").asText().equals(value.path("type").asText())) {
            return false;
        }
        if (typeProperty.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : typeProperty.path("enum")) {
                listed |= allowed.asText().equals(value.path("type").asText());
            }
            if (!listed) {
                return false;
            }
        }
        for (JsonNode part : resolved.path("allOf")) {
            if (!admitsType(part, value, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private JsonNode deref(JsonNode schema) {
        JsonNode current = schema;
        for (int i = 0; i < 16 && current.path("$ref").isTextual(); i++) {
            String ref = current.path("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("Only local $refs are supported: " + ref);
            }
            current = spec.at(ref.substring(1));
        }
        return current;
    }
}
