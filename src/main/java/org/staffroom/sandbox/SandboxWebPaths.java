package org.staffroom.sandbox;

import java.util.List;
import org.springframework.stereotype.Component;
import org.staffroom.chat.AdapterWebPaths;

/**
 * The sandbox page and its API are open to whoever {@link SandboxGate} lets through (this machine,
 * while the sandbox is on); its API takes JSON bodies from the page's script, not forms.
 */
@Component
class SandboxWebPaths implements AdapterWebPaths {

    @Override
    public List<String> open() {
        return List.of("/sandbox", "/sandbox/**");
    }

    @Override
    public List<String> withoutCsrfToken() {
        return List.of("/sandbox/api/**");
    }
}
