package org.staffroom.drafts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where uploaded images are kept ({@code staffroom.files.*}).
 *
 * @param dir the folder for draft images, created if missing
 */
@ConfigurationProperties("staffroom.files")
record FileSettings(@DefaultValue("./data/files") String dir) {}
