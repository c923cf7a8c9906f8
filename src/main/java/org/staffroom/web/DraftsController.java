package org.staffroom.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.approvals.AuditEntry;
import org.staffroom.directory.Caller;
import org.staffroom.drafts.DraftsDashboard;

/**
 * Drafts: a person's own drafts, and one draft with every revision and what the checks found.
 * Someone else's draft opens only for its approvers and admins (403 otherwise), who also get its
 * audit log and CSV, as {@code /draft audit} allows.
 */
@Controller
record DraftsController(
        DraftsDashboard drafts,
        WebCallers callers,
        LiveRoles roles,
        Clock clock,
        org.staffroom.publishing.PublishingService publishing) {

    static final int LIST = 100;
    /** The longest span one audit CSV download covers. */
    static final Duration AUDIT_SPAN = Duration.ofDays(366);

    @GetMapping("/drafts")
    String mine(Authentication auth, Model model, Locale locale) {
        model.addAttribute("drafts", drafts.mine(callers.require(auth), locale, LIST));
        return "web/drafts";
    }

    @GetMapping("/drafts/{id}")
    String draft(@PathVariable long id, Authentication auth, Model model, Locale locale) {
        Caller caller = callers.require(auth);
        DraftsDashboard.Detail detail = detail(caller, id, locale);
        model.addAttribute("d", detail);
        model.addAttribute("audit", detail.mayAudit() ? drafts.audit(caller, id).orElse(List.of()) : List.of());
        // Each network's status (scheduled, published with its link, failed with the reason): only after the access
        // check above.
        model.addAttribute("publications", publishing.of(id));
        return "web/draft";
    }

    @PostMapping("/drafts/{id}/withdraw")
    String withdraw(@PathVariable long id, Authentication auth, Locale locale, RedirectAttributes redirect) {
        Caller caller = callers.require(auth);
        detail(caller, id, locale);
        String answer = drafts.withdraw(caller, id, locale);
        Notices.flash(redirect, true, answer);
        return "redirect:/drafts/" + id;
    }

    @GetMapping("/drafts/{id}/audit.csv")
    ResponseEntity<String> auditCsv(@PathVariable long id, Authentication auth) {
        Caller caller = callers.require(auth);
        if (drafts.access(caller, id) == DraftsDashboard.Access.NOT_FOUND)
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        List<AuditEntry> entries =
                drafts.audit(caller, id).orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
        return csv(org.staffroom.approvals.AuditLog.csv(entries), "draft-" + id + "-audit.csv");
    }

    /** Every draft the person approves for (all, for an admin), over the last year. */
    @GetMapping("/drafts/audit.csv")
    ResponseEntity<String> allAuditCsv(Authentication auth) {
        if (!roles.isAdmin(auth) && !roles.isApprover(auth)) throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        Instant now = clock.instant();
        return csv(
                drafts.auditCsv(callers.require(auth), now.minus(AUDIT_SPAN), now.plusSeconds(1)), "drafts-audit.csv");
    }

    @GetMapping("/api/drafts")
    @ResponseBody
    List<DraftsDashboard.Summary> api(Authentication auth, Locale locale) {
        return drafts.mine(callers.require(auth), locale, LIST);
    }

    @GetMapping("/api/drafts/{id}")
    @ResponseBody
    DraftsDashboard.Detail apiDraft(@PathVariable long id, Authentication auth, Locale locale) {
        return detail(callers.require(auth), id, locale);
    }

    @GetMapping("/api/drafts/{id}/audit")
    @ResponseBody
    List<AuditEntry> apiAudit(@PathVariable long id, Authentication auth) {
        Caller caller = callers.require(auth);
        if (drafts.access(caller, id) == DraftsDashboard.Access.NOT_FOUND)
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        return drafts.audit(caller, id).orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
    }

    /** The draft if the caller may see it: 404 if there is none, 403 if it is someone else's and they do not approve it. */
    private DraftsDashboard.Detail detail(Caller caller, long id, Locale locale) {
        DraftsDashboard.Access access = drafts.access(caller, id);
        if (access == DraftsDashboard.Access.NOT_FOUND) throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        if (access == DraftsDashboard.Access.DENIED) throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        return drafts.detail(caller, id, locale).orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
    }

    static ResponseEntity<String> csv(String body, String fileName) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName)
                                .build()
                                .toString())
                .cacheControl(CacheControl.noStore())
                .body(body);
    }
}
