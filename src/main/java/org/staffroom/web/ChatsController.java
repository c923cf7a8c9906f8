package org.staffroom.web;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationContext;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.staffroom.pdchat.PdChatArchives;
import org.staffroom.pdchat.PdChatSchedule;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;

/**
 * PD chats for staff: what is live and coming up, the archive of finished runs, a run's
 * transcript by question, and its Markdown and HTML exports at the address the chat summary
 * links to ({@code /pdchat/archives/<chat>/<date>.md}).
 */
@Controller
record ChatsController(
        PdChatSchedule schedule,
        PdChatArchives archives,
        ITemplateEngine templates,
        ApplicationContext applicationContext) {

    @GetMapping("/chats")
    String page(Model model, Locale locale) {
        model.addAttribute("chats", schedule.upcoming(locale));
        model.addAttribute("archived", archives.archived());
        return "web/chats";
    }

    @GetMapping("/chats/{chatId}/{date}")
    String transcript(@PathVariable String chatId, @PathVariable String date, Model model) {
        model.addAttribute("t", find(chatId, date));
        return "web/transcript";
    }

    @GetMapping("/pdchat/archives/{chatId}/{date}.md")
    ResponseEntity<String> markdown(@PathVariable String chatId, @PathVariable String date, Locale locale) {
        LocalDate d = find(chatId, date).chat().date();
        String md = archives.markdown(chatId, d, locale)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return download(md, "text/markdown", chatId + "-" + d + ".md");
    }

    /** The same transcript the page shows, rendered by the same template fragment, as a standalone file. */
    @GetMapping("/pdchat/archives/{chatId}/{date}.html")
    ResponseEntity<String> html(@PathVariable String chatId, @PathVariable String date, Locale locale) {
        PdChatArchives.TranscriptView t = find(chatId, date);
        Context context = new Context(locale, Map.of("t", t));
        // Lets the fragment call the same beans (@fmt) it calls on the page.
        context.setVariable(
                ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME,
                new ThymeleafEvaluationContext(applicationContext, null));
        String html = templates.process("web/transcript-export", context);
        return download(html, "text/html", chatId + "-" + t.chat().date() + ".html");
    }

    @GetMapping("/api/chats")
    @ResponseBody
    Map<String, Object> api(Locale locale) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("upcoming", schedule.upcoming(locale));
        out.put("archived", archives.archived());
        return out;
    }

    @GetMapping("/api/chats/{chatId}/{date}")
    @ResponseBody
    PdChatArchives.TranscriptView apiTranscript(@PathVariable String chatId, @PathVariable String date) {
        return find(chatId, date);
    }

    /** A finished run's transcript, or 404 (unknown, not finished, or a malformed date). */
    private PdChatArchives.TranscriptView find(String chatId, String date) {
        Optional<PdChatArchives.TranscriptView> t;
        try {
            t = archives.transcript(chatId, LocalDate.parse(date));
        } catch (DateTimeParseException e) {
            t = Optional.empty();
        }
        return t.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private static ResponseEntity<String> download(String body, String type, String fileName) {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.parseMediaType(type), StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName)
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .cacheControl(CacheControl.noStore())
                .body(body);
    }
}
