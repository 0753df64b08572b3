package dev.junitprompt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * report.html and the variants' comparison page in a real browser: Debian's headless {@code chromium}, driven through the system's
 * {@code chromedriver} (given to Selenium, so Selenium Manager never looks for or downloads one). Where
 * either is missing the tests are skipped, saying so. Screenshots land in {@code target/report-html/}.
 */
class HtmlReportBrowserTest {

    private static final Path OUT = Path.of("target", "report-html");
    /**
     * Quiet: Selenium looks for a DevTools binding of the browser's exact version, and warns when it has none
     * (Debian's chromium moves on); these tests use no DevTools. Held here, as loggers are held weakly.
     */
    private static final Logger DEVTOOLS = Logger.getLogger("org.openqa.selenium.devtools");

    private static ChromeDriver browser;
    private static Path report;
    private static Path comparison;

    @BeforeAll
    static void openTheReport() throws IOException {
        Optional<Path> chromium = onPath("chromium", "chromium-browser");
        Optional<Path> chromedriver = onPath("chromedriver");
        Assumptions.assumeTrue(chromium.isPresent() && chromedriver.isPresent(),
                "chromium/chromedriver not installed: found chromium " + chromium.map(Path::toString).orElse("none")
                        + ", chromedriver " + chromedriver.map(Path::toString).orElse("none")
                        + " on PATH; apt-get install -y chromium chromium-driver to run this test");
        DEVTOOLS.setLevel(Level.SEVERE);
        Files.createDirectories(OUT);
        report = OUT.resolve(HtmlReport.FILE_NAME);
        Files.writeString(report, HtmlReport.render(ReportFixtures.record()));
        comparison = OUT.resolve("comparison.html");
        Files.writeString(comparison, ComparisonReport.render(ReportFixtures.comparison()));
        ChromeOptions options = new ChromeOptions().setBinary(chromium.get().toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1400,1100");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void loadTheReportAfresh() {
        browser.get(report.toUri().toString());
    }

    private static Optional<Path> onPath(String... names) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(folder -> Arrays.stream(names).map(name -> Path.of(folder, name)))
                .filter(Files::isExecutable).findFirst();
    }

    private static List<WebElement> shownRows() {
        return browser.findElements(By.cssSelector("#item-table tbody tr")).stream().filter(WebElement::isDisplayed)
                .toList();
    }

    private static void screenshot(String name) throws IOException {
        Files.move(browser.getScreenshotAs(OutputType.FILE).toPath(), OUT.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void rendersEveryItemRunAsARow() throws IOException {
        assertThat(shownRows()).extracting(row -> row.findElement(By.cssSelector("td:nth-child(2)")).getText())
                .containsExactly("case-001 · Backend engineer", "case-002 · Designer", "case-003 · Data engineer",
                        "case-004 · <b>bold</b> \"quoted\" & co");
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("4 of 4 shown");
        screenshot("report.png");
    }

    @Test
    void theFailedFilterShowsOnlyFailedItems() {
        browser.findElement(By.cssSelector("button[data-filter=failed]")).click();

        assertThat(shownRows()).extracting(row -> row.getAttribute("data-status")).containsExactly("failed", "failed");
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("2 of 4 shown");

        browser.findElement(By.cssSelector("button[data-filter=errored]")).click();
        assertThat(shownRows()).extracting(row -> row.getAttribute("data-status")).containsExactly("errored");
    }

    @Test
    void theSearchReadsTheItemsDetailsToo() {
        browser.findElement(By.id("search")).sendKeys("cooking");

        assertThat(shownRows()).extracting(row -> row.getAttribute("data-detail")).containsExactly("item-2");
    }

    @Test
    void aColumnSortsByItsValues() {
        WebElement latency = browser.findElements(By.cssSelector("#item-table th")).stream()
                .filter(header -> header.getText().startsWith("latency")).findFirst().orElseThrow();

        latency.click();
        assertThat(shownRows()).extracting(row -> row.getAttribute("data-detail"))
                .containsExactly("item-3", "item-4", "item-1", "item-2");
        latency.click();
        assertThat(shownRows()).extracting(row -> row.getAttribute("data-detail"))
                .containsExactly("item-2", "item-1", "item-4", "item-3");
    }

    @Test
    void aRowOpensTheItemsDetailWithTheDiffAndTheJudgesReasoning() throws IOException {
        shownRows().get(1).findElement(By.cssSelector("td.status")).click();

        WebElement detail = browser.findElement(By.id("item-2"));
        assertThat(detail.isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("item-1")).isDisplayed()).isFalse();
        assertThat(detail.findElement(By.cssSelector("pre.diff del")).getText()).isEqualTo("Walk me through");
        assertThat(detail.findElement(By.cssSelector("pre.diff ins")).getText()).isEqualTo("What is");
        assertThat(detail.getText()).contains("reasoning\n" + ReportFixtures.REASONING)
                .contains("Ask about a portfolio").contains("judge = 0.20 < min 0.70");
        screenshot("report-detail.png");
    }

    @Test
    void aHostileOutputStaysText() throws IOException {
        browser.findElement(By.linkText("case-004 · <b>bold</b> \"quoted\" & co")).click();

        WebElement output = browser.findElement(By.cssSelector("#item-4 pre.output"));
        assertThat(output.isDisplayed()).isTrue();
        assertThat(output.getText()).contains("<script>window.hacked=1</script>")
                .contains("<img src=x onerror=\"window.hacked=2\">").contains("</textarea></script>")
                .contains("<a href=\"javascript:window.hacked=3\">click</a>");
        assertThat(browser.executeScript("return typeof window.hacked")).isEqualTo("undefined");
        assertThat(browser.findElements(By.cssSelector("img, textarea, b"))).isEmpty();
        assertThat(browser.findElements(By.tagName("script"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("a[href^=javascript]"))).isEmpty();
        screenshot("report-hostile.png");
    }

    @Test
    void theComparisonShowsTheItemsWhoseVerdictDiffersFirstAndFiltersToThem() throws IOException {
        browser.get(comparison.toUri().toString());

        assertThat(shownRows()).extracting(row -> row.findElement(By.cssSelector("td:nth-child(2)")).getText())
                .containsExactly("case-001 · Backend engineer", "case-002 · Designer", "case-003 · Data engineer",
                        "case-004 · <b>bold</b> \"quoted\" & co");
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("4 of 4 shown");
        WebElement first = shownRows().get(0);
        assertThat(first.findElement(By.cssSelector("td[data-variant=v1] pre")).getText())
                .isEqualTo("Q1: How do you design an idempotent API?");
        assertThat(first.findElement(By.cssSelector("td[data-variant=v2] pre")).getText())
                .isEqualTo("Q1: What is your favourite colour?");
        screenshot("comparison.png");

        browser.findElement(By.cssSelector("button[data-filter=flipped]")).click();
        assertThat(shownRows()).extracting(row -> row.getAttribute("data-status")).containsExactly("flipped",
                "flipped", "flipped");
        browser.findElement(By.cssSelector("button[data-filter=scores]")).click();
        assertThat(shownRows()).extracting(row -> row.getAttribute("id")).containsExactly("row-4");
        browser.findElement(By.cssSelector("button[data-filter=same]")).click();
        assertThat(shownRows()).isEmpty();
    }

    @Test
    void theComparisonTablesTheMetricsChangesAndLinksAFlippedItemToItsRow() {
        browser.get(comparison.toUri().toString());

        WebElement judge = browser.findElement(By.cssSelector("#pair-1 table.changes tr[data-metric=judge]"));
        assertThat(judge.getText()).startsWith("judge 0.63 0.58 -0.050 [").endsWith("within noise");
        browser.findElement(By.cssSelector("#pair-1 table.flips.regressed a")).click();

        assertThat(browser.getCurrentUrl()).endsWith("#row-1");
        assertThat(browser.findElement(By.linkText("Langfuse comparison")).getAttribute("href"))
                .isEqualTo("https://cloud.langfuse.example/project/p/datasets/d/compare?runs=r1&runs=r2");
    }

    @Test
    void aHostileOutputInTheComparisonStaysText() throws IOException {
        browser.get(comparison.toUri().toString());

        WebElement hostile = browser.findElement(By.cssSelector("#row-4 td[data-variant=v2] pre"));
        assertThat(hostile.getText()).contains("<script>window.hacked=1</script>").endsWith("fence v2");
        assertThat(browser.executeScript("return typeof window.hacked")).isEqualTo("undefined");
        assertThat(browser.findElements(By.cssSelector("img, textarea, b"))).isEmpty();
        assertThat(browser.findElements(By.tagName("script"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("a[href^=javascript]"))).isEmpty();
        screenshot("comparison-hostile.png");
    }
}
