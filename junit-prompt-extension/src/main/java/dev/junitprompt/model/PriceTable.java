package dev.junitprompt.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.junitprompt.api.Usage;

/**
 * Prices per model, per million input and output tokens, from a YAML file such as
 * <pre>{@code
 * gpt-4o-mini: {input: 0.15, output: 0.60}
 * claude-3-5-haiku: {input: 0.80, output: 4.00}
 * }</pre>
 * A model name matches its own entry or the longest entry it starts with, so the dated
 * {@code gpt-4o-mini-2024-07-18} a provider reports is priced as {@code gpt-4o-mini}.
 */
@API(status = API.Status.INTERNAL)
public final class PriceTable {

    /** Per million tokens, in the table's currency (USD by convention). */
    public record Price(double inputPerMillion, double outputPerMillion) {

        public double cost(Usage usage) {
            return inputCost(usage) + usage.outputTokens() * outputPerMillion / 1_000_000;
        }

        /** What the input tokens of {@code usage} cost. */
        public double inputCost(Usage usage) {
            return usage.inputTokens() * inputPerMillion / 1_000_000;
        }
    }

    public static final PriceTable EMPTY = new PriceTable(Map.of());

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    /**
     * Reads a price file; a missing file is an empty table when {@code required} is false.
     *
     * @throws ModelException naming the file and model when an entry is malformed
     */
    public static PriceTable load(Path file, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new ModelException("Price table " + file + " does not exist (prompt.experiment.prices)");
            }
            return EMPTY;
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ModelException(file + ": malformed YAML" + dev.junitprompt.internal.ProjectFiles.position(e, 0)
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelException("Cannot read price table " + file + ": " + e.getMessage(), e);
        }
        Map<String, Price> prices = new HashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new ModelException(file + ": expected a mapping {model: {input: …, output: …}}");
            }
            root.fields().forEachRemaining(entry -> prices.put(entry.getKey(),
                    price(entry.getValue(), file + ": model '" + entry.getKey() + "'")));
        }
        return new PriceTable(prices);
    }

    /** {@code {input: 0.15, output: 0.60}} as a price; {@code where} names it in errors. */
    public static Price price(JsonNode node, String where) {
        if (!node.path("input").isNumber() || !node.path("output").isNumber()
                || node.get("input").doubleValue() < 0 || node.get("output").doubleValue() < 0) {
            throw new ModelException(where + " needs non-negative numbers 'input' and 'output' (per million tokens), "
                    + "e.g. {input: 0.15, output: 0.60}");
        }
        return new Price(node.get("input").doubleValue(), node.get("output").doubleValue());
    }

    /** This table with {@code price} for {@code model} (a target's own price wins over the file). */
    public PriceTable with(String model, Price price) {
        Map<String, Price> copy = new HashMap<>(prices);
        copy.put(model, price);
        return new PriceTable(copy);
    }

    /** The cost of {@code usage} on the first of {@code models} that has a price, or empty. */
    public OptionalDouble cost(Usage usage, String... models) {
        return priceOf(models).map(price -> OptionalDouble.of(price.cost(usage))).orElse(OptionalDouble.empty());
    }

    /** The price of the first of {@code models} that has one. */
    public Optional<Price> priceOf(String... models) {
        for (String model : models) {
            Optional<Price> price = find(model);
            if (price.isPresent()) {
                return price;
            }
        }
        return Optional.empty();
    }

    private Optional<Price> find(String model) {
        if (model == null || model.isEmpty()) {
            return Optional.empty();
        }
        Price exact = prices.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        return prices.keySet().stream().filter(model::startsWith).max(Comparator.comparingInt(String::length))
                .map(prices::get);
    }
}
