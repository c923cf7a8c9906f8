package org.staffroom.slack;

import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /slack/manifest.yml}: the manifest to create the Slack app from. Served even before
 * any token is set (creating the app is how one gets them). The variant follows
 * {@code staffroom.slack.mode}; {@code ?mode=http} or {@code ?mode=socket} asks for one explicitly.
 */
@RestController
record SlackManifestController(SlackManifest manifest, SlackProperties properties) {

    @GetMapping("/slack/manifest.yml")
    ResponseEntity<String> manifest(@RequestParam(name = "mode", required = false) String mode) {
        boolean http = mode == null ? properties.mode() == SlackProperties.Mode.HTTP : "http".equalsIgnoreCase(mode);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "yaml", StandardCharsets.UTF_8))
                .body(manifest.yaml(http));
    }
}
