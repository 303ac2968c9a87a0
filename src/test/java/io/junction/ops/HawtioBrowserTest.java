package io.junction.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator's first look: headless Chromium logs into Hawtio and opens the Camel routes view, which lists the
 * storefront routes. The screenshot is kept in target/hawtio-routes.png (and the page in .html).
 */
class HawtioBrowserTest extends OpsHubTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOT = Path.of("target", "hawtio-routes.png");

    @Test
    void aViewerLogsInAndSeesTheStorefrontRoutes() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        // CI installs Debian's chromium and chromium-driver (.ci/run); a developer machine without them skips this test
        assertThat(installed || System.getenv("CI") == null)
                .as("CI must have /usr/bin/chromium and /usr/bin/chromedriver")
                .isTrue();
        assumeTrue(installed, "needs Debian's chromium and chromium-driver");

        WebDriver browser = startChromium();
        try {
            String base = "http://localhost:" + port;
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get(base + "/actuator/hawtio/");

            wait.until(d -> !d.findElements(By.name("username")).isEmpty());
            browser.findElement(By.name("username")).sendKeys("viewer");
            browser.findElement(By.name("password")).sendKeys("junction-dev-viewer");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(d -> d.getCurrentUrl().contains("/actuator/hawtio"));

            browser.get(base + "/actuator/hawtio/camel/routes");
            wait.until(d -> d.getPageSource().contains("storefront-shopify"));
            assertThat(browser.getPageSource())
                    .contains("storefront-shopify", "storefront-woocommerce", "storefront-generic");
        } finally {
            // kept either way: on a failure it shows what the browser saw instead
            Files.createDirectories(SCREENSHOT.getParent());
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(SCREENSHOT.resolveSibling("hawtio-routes.html"), browser.getPageSource());
            browser.quit();
        }
    }

    private static WebDriver startChromium() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1600,1000",
                "--user-data-dir=" + Files.createTempDirectory("junction-chromium-"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
