package dev.junitprompt.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.junitprompt.internal.JsonTrees;
import dev.junitprompt.internal.ProjectFiles;

/**
 * Reads targets in the repository's layout: {@code <dir>/<name>/prompt.txt} (one user message) or
 * {@code prompt.json} (a list of {@code {role, content}}), with an optional {@code .metadata.yaml}.
 */
@API(status = API.Status.INTERNAL)
public final class TargetLoader {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    private final Path directory;

    public TargetLoader(Path directory) {
        this.directory = directory;
    }

    /**
     * Loads a target by name.
     *
     * @throws TargetException naming the file and field when it is missing or malformed
     */
    public PromptTarget load(String name) {
        Path folder;
        try {
            folder = ProjectFiles.inside(directory, name, "target");
        } catch (IllegalArgumentException e) {
            throw new TargetException(e.getMessage(), e);
        }
        Path text = folder.resolve("prompt.txt");
        Path chat = folder.resolve("prompt.json");
        TargetMetadata metadata = readMetadata(folder.resolve(".metadata.yaml"));
        if (Files.isRegularFile(text)) {
            String prompt = read(text);
            if (prompt.isBlank()) {
                throw new TargetException(text + " is empty: write the prompt, with {placeholders} for the item's inputs");
            }
            Template template = Template.parse(prompt, metadata.syntax(), text.toString());
            return new PromptTarget(name, text.toString(), List.of(new PromptTarget.MessageTemplate("user", template)),
                    metadata);
        }
        if (Files.isRegularFile(chat)) {
            return new PromptTarget(name, chat.toString(), readChat(chat, metadata.syntax()), metadata);
        }
        throw new TargetException("Unknown target '" + name + "': no " + text + " or " + chat + ". Targets in "
                + directory.toAbsolutePath().normalize() + ": " + ProjectFiles.subfolderNames(directory)
                + " (set prompt.experiment.targets.dir to use another folder)");
    }

    private static List<PromptTarget.MessageTemplate> readChat(Path file, Template.Syntax syntax) {
        JsonNode root = parse(false, file);
        if (!root.isArray() || root.isEmpty()) {
            throw new TargetException(file + ": expected a non-empty JSON array of {\"role\", \"content\"} messages");
        }
        List<PromptTarget.MessageTemplate> messages = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode message = root.get(i);
            String role = message.path("role").asText("");
            if (!ROLES.contains(role)) {
                throw new TargetException(file + ": message #" + (i + 1) + " has role '" + role
                        + "'; use one of system, user, assistant");
            }
            if (!message.path("content").isTextual() || message.get("content").textValue().isBlank()) {
                throw new TargetException(file + ": message #" + (i + 1) + " needs a \"content\" string that is not "
                        + "empty");
            }
            String origin = file + " message #" + (i + 1);
            messages.add(new PromptTarget.MessageTemplate(role,
                    Template.parse(message.get("content").textValue(), syntax, origin)));
        }
        return messages;
    }

    static TargetMetadata readMetadata(Path file) {
        if (!Files.isRegularFile(file)) {
            return TargetMetadata.defaults();
        }
        JsonNode root = parse(true, file);
        if (root.isMissingNode() || root.isNull()) {
            return TargetMetadata.defaults();
        }
        if (!root.isObject()) {
            throw new TargetException(file + ": expected a YAML mapping (description, model, output_format, …)");
        }
        JsonNode model = root.path("model");
        TargetMetadata.ModelSpec spec = modelSpec(file, "model", model, TargetMetadata.ModelSpec.DEFAULT);
        // A judge at temperature 0 unless it says otherwise: the same output gets the same verdict.
        Optional<TargetMetadata.ModelSpec> judge = root.path("judge").isMissingNode() ? Optional.empty()
                : Optional.of(modelSpec(file, "judge", root.path("judge"), new TargetMetadata.ModelSpec(
                        spec.provider(), spec.name(), Map.of("temperature", 0.0))));
        Optional<OutputSchema> schema = outputSchema(file, root.path("output_schema"));
        Optional<String> toolChoice = root.path("tool_choice").isMissingNode() || root.path("tool_choice").isNull()
                ? Optional.empty()
                : Optional.of(option(file, root, "tool_choice", ToolChoice.class, ToolChoice.AUTO).name()
                        .toLowerCase(Locale.ROOT));
        return new TargetMetadata(root.path("description").asText(""), spec,
                option(file, root, "output_format", TargetMetadata.OutputFormat.class, TargetMetadata.OutputFormat.TEXT),
                option(file, root, "template_format", Template.Syntax.class, Template.Syntax.PYTHON),
                evaluators(file, root.path("evaluators"), schema), model.has("name"), schema.map(OutputSchema::json),
                judge, tools(file, root.path("tools")), toolChoice, models(file, root.path("models"), spec));
    }

    /** The values of {@code tool_choice}, as LangChain4j's ToolChoice has them. */
    private enum ToolChoice { AUTO, REQUIRED, NONE }

    private static final java.util.regex.Pattern TOOL_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * {@code tools}: a list of {@code {name, description, parameters}}, {@code parameters} the JSON Schema of an
     * object. What providers would refuse (a missing or odd name, parameters that are no object's schema) is refused
     * here, naming the entry and field.
     */
    private static List<TargetMetadata.ToolSpec> tools(Path file, JsonNode list) {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new TargetException(file + ": 'tools' must be a list of {name, description, parameters}, e.g. "
                    + "tools: [{name: get_weather, parameters: {type: object, properties: {city: {type: string}}}}]");
        }
        List<TargetMetadata.ToolSpec> tools = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String where = file + ": tools[" + i + "]";
            if (!entry.isObject()) {
                throw new TargetException(where + " must be a mapping {name, description, parameters} but is " + entry);
            }
            JsonNode name = entry.path("name");
            if (!name.isTextual() || !TOOL_NAME.matcher(name.textValue()).matches()) {
                throw new TargetException(where + ".name must be the tool's name, 1 to 64 letters, digits, '_' or '-', "
                        + "but is " + (name.isMissingNode() ? "missing" : name.toString()));
            }
            if (!names.add(name.textValue())) {
                throw new TargetException(where + ".name: a tool named '" + name.textValue() + "' is declared twice");
            }
            JsonNode description = entry.path("description");
            if (!description.isMissingNode() && !description.isTextual()) {
                throw new TargetException(where + ".description must be text but is " + description);
            }
            JsonNode parameters = entry.path("parameters");
            if (parameters.isMissingNode() || parameters.isNull()) {
                parameters = JsonNodeFactory.instance.objectNode().put("type", "object")
                        .set("properties", JsonNodeFactory.instance.objectNode());
            }
            toolParameters(where + ".parameters", parameters);
            Set<String> known = Set.of("name", "description", "parameters");
            entry.fieldNames().forEachRemaining(field -> {
                if (!known.contains(field)) {
                    throw new TargetException(where + " has an unknown field '" + field + "'; a tool has name, "
                            + "description and parameters");
                }
            });
            tools.add(new TargetMetadata.ToolSpec(name.textValue(), description.asText(""), parameters));
        }
        return tools;
    }

    /** A tool's {@code parameters}: the JSON Schema of an object, whose {@code required} names its properties. */
    private static void toolParameters(String where, JsonNode schema) {
        if (!schema.isObject()) {
            throw new TargetException(where + " must be the JSON Schema of the arguments, a mapping such as {type: "
                    + "object, properties: {city: {type: string}}, required: [city]}, but is " + schema);
        }
        if (schema.has("type") && !schema.get("type").asText().equals("object")) {
            throw new TargetException(where + ".type must be 'object' (a tool's arguments are an object) but is "
                    + schema.get("type"));
        }
        JsonNode properties = schema.path("properties");
        if (!properties.isMissingNode() && !properties.isObject()) {
            throw new TargetException(where + ".properties must be a mapping of argument names to their schemas but is "
                    + properties);
        }
        JsonNode required = schema.path("required");
        if (!required.isMissingNode()) {
            if (!required.isArray()) {
                throw new TargetException(where + ".required must be a list of argument names but is " + required);
            }
            for (JsonNode argument : required) {
                if (!argument.isTextual() || !properties.has(argument.asText())) {
                    throw new TargetException(where + ".required names " + argument + ", which is not one of its "
                            + "properties " + (properties.isObject() ? fieldNames(properties) : "(none)"));
                }
            }
        }
    }

    /** {@code models:}, a list of mappings as {@code model:}; what each leaves out comes from {@code model}. */
    private static List<TargetMetadata.ModelSpec> models(Path file, JsonNode list, TargetMetadata.ModelSpec model) {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new TargetException(file + ": 'models' must be a list of models as 'model' is, e.g. models: "
                    + "[{name: gpt-4o}, {provider: ollama, name: llama3.2}]");
        }
        List<TargetMetadata.ModelSpec> models = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).has("name")) {
                throw new TargetException(file + ": 'models[" + i + "]' needs a name, which experiments name it by: "
                        + "models: [{name: gpt-4o}]");
            }
            TargetMetadata.ModelSpec spec = modelSpec(file, "models[" + i + "]", list.get(i), model);
            if (models.stream().anyMatch(other -> other.name().equals(spec.name()))) {
                throw new TargetException(file + ": 'models' names " + spec.name() + " twice; an experiment names a "
                        + "model by its name, so keep one");
            }
            models.add(spec);
        }
        return models;
    }

    /**
     * A {@code model:} (or {@code judge:}) mapping {@code {provider, name, parameters, price}}; what it leaves out
     * comes from {@code defaults}.
     */
    private static TargetMetadata.ModelSpec modelSpec(Path file, String key, JsonNode model,
            TargetMetadata.ModelSpec defaults) {
        if (!model.isMissingNode() && !model.isObject()) {
            throw new TargetException(file + ": '" + key + "' must be a mapping {provider, name, parameters} but is "
                    + model + "; e.g. " + key + ": {provider: openai, name: gpt-4o-mini}");
        }
        if (!model.path("parameters").isMissingNode() && !model.path("parameters").isObject()) {
            throw new TargetException(file + ": '" + key + ".parameters' must be a mapping such as {temperature: 0.2}");
        }
        Map<String, Object> parameters = new LinkedHashMap<>(model.path("parameters").isMissingNode()
                ? defaults.parameters() : Map.of());
        model.path("parameters").fields().forEachRemaining(entry -> {
            if (entry.getValue().isNull()) {
                throw new TargetException(file + ": '" + key + ".parameters." + entry.getKey() + "' has no value; give "
                        + "one (e.g. " + entry.getKey() + ": 0.2) or leave the line out");
            }
            parameters.put(entry.getKey(), JsonTrees.toJava(entry.getValue()));
        });
        Map<String, Double> price = new LinkedHashMap<>();
        JsonNode priceNode = model.path("price");
        if (!priceNode.isMissingNode()) {
            for (String side : List.of("input", "output")) {
                if (!priceNode.path(side).isNumber() || priceNode.get(side).doubleValue() < 0) {
                    throw new TargetException(file + ": '" + key + ".price' needs non-negative numbers 'input' and "
                            + "'output' (per million tokens), e.g. price: {input: 0.15, output: 0.60}");
                }
                price.put(side, priceNode.get(side).doubleValue());
            }
        }
        JsonNode structured = model.path("structured_output");
        return new TargetMetadata.ModelSpec(
                model.path("provider").asText(defaults.provider()).toLowerCase(Locale.ROOT),
                model.path("name").asText(defaults.name()), parameters, price,
                structured.isMissingNode() ? defaults.structuredOutput()
                        : option(file, model, "structured_output", TargetMetadata.StructuredOutput.class,
                                TargetMetadata.StructuredOutput.AUTO, key + "."));
    }

    /**
     * The metadata's {@code output_schema}.
     *
     * @param file the file it was read from, {@code null} when the metadata holds it as a mapping
     */
    private record OutputSchema(JsonNode json, Path file) {

        /** The argument a {@code json_schema} evaluator without any gets: the file, so its errors name it, or the schema. */
        String argument() {
            return file != null ? "file=" + file : "schema=" + json;
        }
    }

    /** {@code output_schema}: a JSON Schema as a mapping, or the name of its JSON file next to {@code .metadata.yaml}. */
    private static Optional<OutputSchema> outputSchema(Path file, JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (value.isObject()) {
            return Optional.of(new OutputSchema(value, null));
        }
        if (value.isTextual() && !value.textValue().isBlank()) {
            Path schemaFile = file.resolveSibling(value.textValue().strip());
            if (!Files.isRegularFile(schemaFile)) {
                throw new TargetException(file + ": 'output_schema' names " + schemaFile + ", which is no file; give "
                        + "the name of a JSON Schema file next to .metadata.yaml, or the schema itself as a mapping");
            }
            return Optional.of(new OutputSchema(parse(false, schemaFile), schemaFile));
        }
        throw new TargetException(file + ": 'output_schema' must be a JSON Schema as a mapping, or the name of its JSON "
                + "file next to .metadata.yaml, but is " + value + "; e.g. output_schema: ticket.schema.json");
    }

    private static List<TargetMetadata.EvaluatorSpec> evaluators(Path file, JsonNode list, Optional<OutputSchema> schema) {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new TargetException(file + ": 'evaluators' must be a list of {type, args, min}");
        }
        List<TargetMetadata.EvaluatorSpec> specs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String where = file + ": evaluators[" + i + "]";
            if (!entry.path("type").isTextual()) {
                throw new TargetException(where + " needs a 'type', the name of a built-in evaluator");
            }
            List<String> args = new ArrayList<>();
            JsonNode argsNode = entry.path("args");
            if (argsNode.isArray()) {
                argsNode.forEach(arg -> args.add(arg.asText()));
            } else if (argsNode.isValueNode()) {
                args.add(argsNode.asText());
            } else if (!argsNode.isMissingNode()) {
                throw new TargetException(where + ": 'args' must be a list of strings (or one string)");
            }
            double min = Double.NaN;
            if (entry.has("min")) {
                if (!entry.get("min").isNumber() || entry.get("min").doubleValue() < 0 || entry.get("min").doubleValue() > 1) {
                    throw new TargetException(where + ": 'min' must be a number in 0..1 but is " + entry.get("min"));
                }
                min = entry.get("min").doubleValue();
            }
            // dev.junitprompt.eval.JsonSchema, named here by its name: the target package knows no evaluator class.
            if (args.isEmpty() && entry.get("type").textValue().equals("json_schema") && schema.isPresent()) {
                args.add(schema.get().argument());
            }
            specs.add(new TargetMetadata.EvaluatorSpec(entry.get("type").textValue(), args, min));
        }
        return specs;
    }

    private static <E extends Enum<E>> E option(Path file, JsonNode root, String key, Class<E> type, E fallback) {
        return option(file, root, key, type, fallback, "");
    }

    /** @param prefix where {@code root} is in the file, for the message: {@code judge.} */
    private static <E extends Enum<E>> E option(Path file, JsonNode root, String key, Class<E> type, E fallback,
            String prefix) {
        JsonNode value = root.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TargetException(file + ": '" + prefix + key + "' is '" + value.asText() + "'; use one of "
                    + Stream.of(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    private static JsonNode parse(boolean yaml, Path file) {
        try {
            return yaml ? JsonTrees.readYaml(read(file)) : JsonTrees.readJson(read(file));
        } catch (JsonProcessingException e) {
            throw new TargetException(file + ": malformed " + (yaml ? "YAML" : "JSON")
                    + ProjectFiles.position(e, 0) + ": " + e.getOriginalMessage(), e);
        }
    }

    /** An object's field names, in order. */
    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String read(Path file) {
        try {
            return ProjectFiles.read(file);
        } catch (IOException e) {
            throw new TargetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
