package dev.junitprompt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junitprompt.report.WordDiff.Kind;
import dev.junitprompt.report.WordDiff.Segment;

class WordDiffTest {

    @Test
    void equalTextsAreOneKeptRun() {
        assertThat(WordDiff.between("Q1: why?", "Q1: why?")).containsExactly(new Segment(Kind.SAME, "Q1: why?"));
    }

    @Test
    void aChangedWordIsRemovedAndAddedBetweenKeptText() {
        assertThat(WordDiff.between("plan in three steps", "plan in four steps")).containsExactly(
                new Segment(Kind.SAME, "plan in "), new Segment(Kind.REMOVED, "three"), new Segment(Kind.ADDED, "four"),
                new Segment(Kind.SAME, " steps"));
    }

    @Test
    void wordsOnlyOneSideHasAreAddedOrRemoved() {
        assertThat(WordDiff.between("a b c", "a c d")).containsExactly(new Segment(Kind.SAME, "a "),
                new Segment(Kind.REMOVED, "b "), new Segment(Kind.SAME, "c"), new Segment(Kind.ADDED, " d"));
    }

    @Test
    void whiteSpaceBetweenTwoChangesJoinsThemIntoOne() {
        assertThat(WordDiff.between("Walk me through your design portfolio?", "What is your favourite cooking recipe?"))
                .containsExactly(new Segment(Kind.REMOVED, "Walk me through"), new Segment(Kind.ADDED, "What is"),
                        new Segment(Kind.SAME, " your "), new Segment(Kind.REMOVED, "design portfolio"),
                        new Segment(Kind.ADDED, "favourite cooking recipe"), new Segment(Kind.SAME, "?"));
    }

    @Test
    void punctuationIsATokenOfItsOwn() {
        assertThat(WordDiff.between("{\"steps\": 4}", "{\"steps\": 5}")).containsExactly(
                new Segment(Kind.SAME, "{\"steps\": "), new Segment(Kind.REMOVED, "4"), new Segment(Kind.ADDED, "5"),
                new Segment(Kind.SAME, "}"));
    }

    @Test
    void anEmptySideIsAllAddedOrAllRemoved() {
        assertThat(WordDiff.between("", "new text")).containsExactly(new Segment(Kind.ADDED, "new text"));
        assertThat(WordDiff.between("old", "")).containsExactly(new Segment(Kind.REMOVED, "old"));
        assertThat(WordDiff.between("", "")).isEmpty();
    }

    @Test
    void textsTooLongToCompareWordByWordKeepTheirCommonStartAndEnd() {
        String from = "start " + "x ".repeat(2100) + "end";
        String to = "start " + "y ".repeat(2100) + "end";

        List<Segment> diff = WordDiff.between(from, to);

        assertThat(diff).extracting(Segment::kind).containsExactly(Kind.SAME, Kind.REMOVED, Kind.ADDED, Kind.SAME);
        assertThat(diff.get(0).text()).isEqualTo("start ");
        assertThat(diff.get(3).text()).isEqualTo(" end");
    }
}
