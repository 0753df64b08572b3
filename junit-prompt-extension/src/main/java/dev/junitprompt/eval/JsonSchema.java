package dev.junitprompt.eval;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.resource.InputStreamSource;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;
import dev.junitprompt.internal.ProjectFiles;

/**
 * Passes when the JSON output is valid against a JSON Schema. The comment lists what is wrong, one error a line with
 * the JSON Pointer into the output, the message and the schema keyword:
 * {@code /category: does not have a value in the enumeration ["billing", "shipping"] (enum)}; the score's
 * {@code errors} metadata has them as maps of {@code path}, {@code keyword} and {@code message}. An output that is
 * not JSON fails (a Markdown code fence around it is tolerated).
 *
 * <p>The one argument is the schema: {@code schema=<JSON>} inline, or {@code file=<path>} (a relative path is
 * resolved from the working directory, where {@code datasets/} and {@code targets/} are found; a {@code $ref}
 * may name another file, relative to the schema's, and nothing is fetched from the network). A target's
 * {@code .metadata.yaml} may declare its {@code output_schema}, a mapping or a file next to it: {@code json_schema}
 * there without arguments validates against it. The schema's {@code $schema} picks the draft (4, 6, 7, 2019-09 or 2020-12), 2020-12 when it names
 * none; {@code format} is asserted ({@code date}, {@code email}, {@code uuid}…). A schema that is not JSON, or not a
 * valid schema of its draft, is refused when the evaluator is created, naming the file and where it goes wrong.
 *
 * <pre>{@code
 * @Evaluate(value = JsonSchema.class, args = "file=schemas/ticket.schema.json", min = 1.0)
 * Evaluators.jsonSchema("{\"type\": \"object\", \"required\": [\"category\"]}")
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class JsonSchema implements Evaluator {

    static final String NAME = "json_schema";
    /** Errors a comment lists; the metadata has them all. */
    private static final int LISTED = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Messages in English whatever the machine's locale; {@code format} asserted in every draft. */
    private static final SchemaRegistryConfig CONFIG = SchemaRegistryConfig.builder().locale(Locale.ENGLISH)
            .formatAssertionsEnabled(true).build();
    /** The drafts' meta-schemas, which ship in the library's jar; thread-safe, shared and cached. */
    private static final SchemaRegistry META_SCHEMAS = registry();

    private final String origin;
    private final Schema schema;

    /** @param args exactly one: {@code schema=<JSON>} or {@code file=<path>} */
    public JsonSchema(String... args) {
        this(source(args));
    }

    private JsonSchema(Source source) {
        this.origin = source.origin();
        this.schema = compile(source);
    }

    /** The schema given as JSON text. */
    static JsonSchema inline(String json) {
        return new JsonSchema(new Source("the inline schema", json, null));
    }

    /** The schema in {@code file}, relative to the working directory unless absolute. */
    static JsonSchema file(Path file) {
        return new JsonSchema(read(file));
    }

    /**
     * Where a schema comes from and its text.
     *
     * @param origin how messages name it: {@code schema file schemas/ticket.json}
     * @param file   the file, {@code null} for an inline schema
     */
    private record Source(String origin, String text, Path file) {
    }

    private static Source source(String[] args) {
        String arg = Option.single(NAME, args, "its schema (schema=<JSON> or file=<path>; in a target's "
                + ".metadata.yaml, none for the target's output_schema)");
        Option option = Option.parse(NAME, arg, List.of("schema", "file"));
        return option.key().equals("schema") ? new Source("the inline schema", option.value(), null)
                : read(Path.of(option.value()));
    }

    private static Source read(Path file) {
        String name = "schema file " + file;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "': " + name + " does not exist (looked for "
                    + file.toAbsolutePath().normalize() + "; relative paths start from the working directory)");
        }
        try {
            return new Source(name, ProjectFiles.read(file), file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "' cannot read " + name + ": " + e, e);
        }
    }

    /** Parses and checks the schema; everything wrong with it is said here, before any item runs. */
    private static Schema compile(Source source) {
        JsonNode node;
        try {
            node = JSON.readTree(source.text());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "': " + source.origin() + " is not JSON ("
                    + e.getOriginalMessage() + dev.junitprompt.internal.ProjectFiles.position(e, 0) + ")", e);
        }
        if (node == null || !(node.isObject() || node.isBoolean())) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "': " + source.origin()
                    + " is not a JSON Schema: a schema is a JSON object (or true or false) but this is "
                    + (node == null ? "empty" : JsonMatchesExpected.abbreviated(node)));
        }
        SpecificationVersion draft = draft(node, source);
        List<com.networknt.schema.Error> problems = META_SCHEMAS.getSchema(SchemaLocation.of(draft.getDialectId()))
                .validate(node.toString(), InputFormat.JSON);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "': " + source.origin()
                    + " is not a valid JSON Schema (" + draft.getDialectId() + "):\n"
                    + problems.stream().map(JsonSchema::line).collect(Collectors.joining("\n")));
        }
        // A registry of its own: it caches the files $refs name, which may change between two evaluators' creation.
        SchemaRegistry registry = registry();
        try {
            Schema schema = source.file() == null ? registry.getSchema(node.toString(), InputFormat.JSON)
                    : registry.getSchema(SchemaLocation.of(source.file().toAbsolutePath().normalize().toUri().toString()),
                            node.toString(), InputFormat.JSON);
            schema.initializeValidators();
            return schema;
        } catch (SchemaException e) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "': " + source.origin() + " cannot be used: "
                    + e.getMessage() + " (a $ref may name a file, relative to the schema's; nothing is fetched from the "
                    + "network)", e);
        }
    }

    /** A registry that loads the meta-schemas from the library's jar and {@code $ref}s to local files, nothing else. */
    private static SchemaRegistry registry() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaRegistryConfig(CONFIG)
                .schemaLoader(loader -> loader.resourceLoaders(loaders -> loaders.add(JsonSchema::localFile))));
    }

    private static InputStreamSource localFile(AbsoluteIri iri) {
        if (!"file".equals(iri.getScheme())) {
            return null;
        }
        Path file = Path.of(URI.create(iri.toString()));
        return () -> Files.newInputStream(file);
    }

    /** The draft the schema's {@code $schema} names, 2020-12 when it names none. */
    private static SpecificationVersion draft(JsonNode node, Source source) {
        JsonNode named = node.path("$schema");
        if (named.isMissingNode()) {
            return SpecificationVersion.DRAFT_2020_12;
        }
        Optional<SpecificationVersion> draft = named.isTextual() ? SpecificationVersion.fromDialectId(named.textValue())
                : Optional.empty();
        return draft.orElseThrow(() -> new IllegalArgumentException("Evaluator '" + NAME + "': " + source.origin()
                + " has $schema " + named + ", which names no draft it knows; use one of "
                + java.util.Arrays.stream(SpecificationVersion.values()).map(SpecificationVersion::getDialectId).toList()
                + " or leave $schema out for 2020-12"));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Score evaluate(PromptResult result) {
        JsonNode json;
        try {
            json = result.json();
        } catch (PromptResult.OutputNotJsonException e) {
            return Score.of(NAME, false).withComment(e.getMessage());
        }
        List<com.networknt.schema.Error> errors = schema.validate(json.toString(), InputFormat.JSON);
        if (errors.isEmpty()) {
            return Score.of(NAME, true);
        }
        List<String> lines = new ArrayList<>(errors.stream().limit(LISTED).map(JsonSchema::line).toList());
        if (errors.size() > LISTED) {
            lines.add("… and " + (errors.size() - LISTED) + " more");
        }
        return Score.of(NAME, false)
                .withComment(errors.size() + (errors.size() == 1 ? " error" : " errors") + " against " + origin + ":\n"
                        + String.join("\n", lines))
                .withMetadata("errors", errors.stream().map(JsonSchema::toMap).toList());
    }

    /** {@code /category: does not have a value in the enumeration ["billing", "shipping"] (enum)}. */
    private static String line(com.networknt.schema.Error error) {
        String path = error.getInstanceLocation().toString();
        return (path.isEmpty() ? "(root)" : path) + ": " + error.getMessage() + " (" + error.getKeyword() + ")";
    }

    private static Map<String, String> toMap(com.networknt.schema.Error error) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("path", error.getInstanceLocation().toString());
        map.put("keyword", error.getKeyword());
        map.put("message", error.getMessage());
        return map;
    }

    @Override
    public String toString() {
        return NAME + " (" + origin + ")";
    }
}
