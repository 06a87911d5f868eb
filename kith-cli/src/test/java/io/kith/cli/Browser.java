package io.kith.cli;

import java.io.File;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A headless Debian Chromium driven through its chromedriver (nothing is downloaded), at a laptop's window size. */
final class Browser implements AutoCloseable {
    final ChromeDriver driver;
    private final String base;

    Browser(String base) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
        this.base = base;
    }

    void open(String path) {
        driver.get(base + path);
    }

    void signIn(String username, String password) {
        open("/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        until(d -> !d.getCurrentUrl().contains("/login"));
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    <T> T until(java.util.function.Function<WebDriver, T> condition) {
        // a page that refreshes itself (a rebuild's progress) can replace an element between finding and reading it
        return new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

    void untilVisible(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
