package org.staffroom.sandbox;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Serves the sandbox page itself. */
@Controller
class SandboxPage {

    @GetMapping({"/sandbox", "/sandbox/"})
    String page() {
        return "forward:/sandbox/index.html";
    }
}
