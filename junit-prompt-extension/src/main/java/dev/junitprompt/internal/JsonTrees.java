package dev.junitprompt.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * JSON and YAML read into Jackson trees with Jackson's streaming parser alone, the trees {@code readTree} gives:
 * discovery reads a suite's datasets and targets without an {@code ObjectMapper}, whose first construction in a
 * JVM is some 0.1 s of class loading; the model warm-up does that on the other core meanwhile. Not API.
 */
@API(status = API.Status.INTERNAL)
public final class JsonTrees {

    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /**
     * The first JSON value of {@code text} as a tree; {@link MissingNode} when there is none.
     *
     * @throws com.fasterxml.jackson.core.JsonProcessingException where the text is not JSON, with its location
     */
    public static JsonNode readJson(String text) throws JsonProcessingException {
        try (JsonParser parser = JSON.createParser(text)) {
            return read(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) { // a String is read whole: nothing else can fail
            throw new UncheckedIOException(e);
        }
    }

    /** The first YAML document of {@code text} as a tree, as {@link #readJson(String)}. */
    public static JsonNode readYaml(String text) throws JsonProcessingException {
        try (JsonParser parser = YamlHolder.YAML.createParser(text)) {
            return read(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) { // a String is read whole: nothing else can fail
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The node as plain Java values, as {@code ObjectMapper.convertValue(node, Object.class)} gives them: maps (in
     * their order), lists, strings, numbers, booleans and null.
     */
    public static Object toJava(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> map.put(field.getKey(), toJava(field.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(toJava(element)));
            return list;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBinary()) {
            return ((com.fasterxml.jackson.databind.node.BinaryNode) node).binaryValue();
        }
        if (node.isPojo()) {
            return ((com.fasterxml.jackson.databind.node.POJONode) node).getPojo();
        }
        return null;
    }

    private static JsonNode read(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        return first == null ? MissingNode.getInstance() : value(parser, first);
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    object.set(name, value(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                    ? NODES.numberNode(parser.getDecimalValue()) : NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT -> {
                Object embedded = parser.getEmbeddedObject();
                yield embedded == null ? NODES.nullNode() : embedded instanceof byte[] bytes
                        ? NODES.binaryNode(bytes) : NODES.pojoNode(embedded);
            }
            default -> throw new com.fasterxml.jackson.core.JsonParseException(parser, "Unexpected " + token);
        };
    }

    /** YAML's factory, and snakeyaml, loaded only by a suite that has YAML. */
    private static final class YamlHolder {
        static final YAMLFactory YAML = new YAMLFactory();
    }
}
