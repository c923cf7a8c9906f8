package org.staffroom.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WrapsElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.staffroom.testing.Browser;

/**
 * The sandbox page as a person uses it in a browser test: open it as someone, pick a channel in the
 * sidebar, type in the composer, press a message's buttons or reactions, fill the bot's dialog. It
 * gathers console errors as it goes, and numbers its screenshots under target/screenshots/.
 */
final class SandboxInBrowser {

    private final Browser browser;
    private final int port;
    private final String prefix;
    private final List<String> consoleErrors = new ArrayList<>();
    private int shots;

    SandboxInBrowser(Browser browser, int port, String prefix) {
        this.browser = browser;
        this.port = port;
        this.prefix = prefix;
    }

    WebDriver driver() {
        return browser.driver;
    }

    /** Opens the page as {@code person} (an id from people.yml) and waits for its first channel. */
    void openAs(String person) {
        checkConsole();
        driver().get("http://localhost:" + port + "/sandbox?as=" + person);
        waitFor(d -> title().startsWith("#"));
    }

    /** Opens a channel by its name in the sidebar (the first space that has it). */
    void channel(String name) {
        driver().findElements(By.cssSelector("#sidebar button")).stream()
                .filter(b -> b.getText().equals("# " + name) && b.isEnabled())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no channel #" + name + " in the sidebar"))
                .click();
        waitFor(d -> title().equals("#" + name));
    }

    /** Opens the direct message with the bot (in the first space the person has an account in). */
    void dm() {
        driver().findElements(By.cssSelector("#sidebar button")).stream()
                .filter(b -> b.getText().contains("Staffroom bot"))
                .findFirst()
                .orElseThrow()
                .click();
        waitFor(d -> title().contains("direct message"));
    }

    String title() {
        return driver().findElement(By.id("channel-title")).getText();
    }

    /**
     * Clicks into the composer, types and sends with Enter. The click is what a person does, and is
     * needed: right after a bot form closes, headless Chromium sends keys to the refocused composer
     * without inserting them.
     */
    void type(String text) {
        WebElement box = driver().findElement(By.id("text"));
        box.click();
        box.sendKeys(text);
        box.sendKeys(Keys.ESCAPE, Keys.ENTER);
    }

    WebElement dialog() {
        return driver().findElement(By.id("form-dialog"));
    }

    /** Waits for the bot's form whose title starts with {@code title}. */
    WebElement openDialog(String title) {
        waitFor(d -> dialog().isDisplayed()
                && d.findElement(By.id("form-title")).getText().startsWith(title));
        return dialog();
    }

    WebElement field(String id) {
        return dialog().findElement(By.id("f-" + id));
    }

    /** Clicks the dialog's submit button and waits for it to close. */
    void submitDialog() {
        dialog().findElement(By.id("form-submit")).click();
        waitFor(d -> !dialog().isDisplayed());
    }

    /** The newest message in the open channel whose text has every one of {@code parts}. */
    WebElement waitForMessage(String... parts) {
        return waitForIn("#messages", parts);
    }

    /** The newest message in the open thread whose text has every one of {@code parts}. */
    WebElement waitForThreadMessage(String... parts) {
        return waitForIn("#thread-messages", parts);
    }

    /**
     * The page draws a channel's messages afresh on every change (and once more when a call it made returns),
     * so an element found a moment ago may be gone by the time the test reads it. The message is handed back
     * as a {@link Message} that finds it again by the same parts when that happens.
     */
    private WebElement waitForIn(String box, String... parts) {
        return Message.of(newestIn(box, parts), () -> newestIn(box, parts));
    }

    private WebElement newestIn(String box, String... parts) {
        return waitFor(d -> {
            List<WebElement> all = d.findElements(By.cssSelector(box + " article.msg"));
            for (int i = all.size() - 1; i >= 0; i--) {
                String text = all.get(i).getText();
                boolean every = true;
                for (String p : parts) every &= text.contains(p);
                if (every) return all.get(i);
            }
            return null;
        });
    }

    /** A message in the page that finds itself again when the page has drawn it afresh. */
    private static final class Message implements InvocationHandler {

        private final Supplier<WebElement> find;
        private WebElement current;

        private Message(WebElement current, Supplier<WebElement> find) {
            this.current = current;
            this.find = find;
        }

        static WebElement of(WebElement found, Supplier<WebElement> find) {
            return (WebElement) Proxy.newProxyInstance(
                    SandboxInBrowser.class.getClassLoader(),
                    new Class<?>[] {WebElement.class, WrapsElement.class, TakesScreenshot.class},
                    new Message(found, find));
        }

        @Override
        public synchronized Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("getWrappedElement") && method.getParameterCount() == 0) return current;
            for (int attempt = 1; ; attempt++) {
                try {
                    return method.invoke(current, args);
                } catch (InvocationTargetException e) {
                    if (!(e.getCause() instanceof StaleElementReferenceException) || attempt == 3) throw e.getCause();
                    current = find.get();
                }
            }
        }
    }

    /** Presses the message's bot button whose label contains {@code label}. */
    void press(WebElement message, String label) {
        message.findElements(By.cssSelector(".buttons button")).stream()
                .filter(b -> b.getText().contains(label))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no button “" + label + "” on: " + message.getText()))
                .click();
    }

    /** Hovers the message, as a person would, and clicks a reaction in its toolbar. */
    void react(WebElement message, String emoji) {
        new Actions(driver()).moveToElement(message).perform();
        WebElement button = waitFor(d -> message.findElements(By.cssSelector(".tools button")).stream()
                .filter(b -> b.getText().equals(emoji) && b.isDisplayed())
                .findFirst()
                .orElse(null));
        button.click();
    }

    /** Opens the message's thread with its "Reply in thread" / "n replies" link. */
    void openThread(WebElement message) {
        message.findElement(By.cssSelector("button.replies")).click();
        waitFor(d -> d.findElement(By.id("thread")).isDisplayed());
    }

    void replyInThread(String text) {
        WebElement box = driver().findElement(By.id("thread-text"));
        box.sendKeys(text);
        driver().findElement(By.cssSelector("#thread-composer button[type=submit]"))
                .click();
    }

    boolean loaded(WebElement img) {
        Object w = ((JavascriptExecutor) driver())
                .executeScript("return arguments[0].complete && arguments[0].naturalWidth", img);
        return w instanceof Number n && n.intValue() > 0;
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver(), Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Saves target/screenshots/{prefix}-NN-{name}.png, numbered in the order taken. */
    void screenshot(String name) {
        browser.screenshot(String.format("%s-%02d-%s", prefix, ++shots, name));
    }

    int screenshots() {
        return shots;
    }

    /** Collects the console errors logged since the last call (the log is drained on reading). */
    void checkConsole() {
        consoleErrors.addAll(browser.consoleErrors());
    }

    List<String> consoleErrors() {
        checkConsole();
        return consoleErrors;
    }

    static long draftId(String text) {
        Matcher m = Pattern.compile("(?i)Draft #(\\d+)").matcher(text);
        assertThat(m.find()).as("a draft number in: " + text).isTrue();
        return Long.parseLong(m.group(1));
    }
}
