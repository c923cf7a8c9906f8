package org.staffroom.publishing;

import java.util.Optional;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.staffroom.config.Publishing;
import org.staffroom.config.TrustConfig;

/**
 * The account a publication goes to, from the configuration in force, with its token read from
 * the environment variable the configuration names at the moment of use. Tokens are never stored
 * (so never stored unencrypted) and never logged.
 */
@Component
record Accounts(TrustConfig config, Environment env) {

    /** The owner's account on the network: the school id, or "trust". */
    Optional<Publishing.Account> account(String owner, String network) {
        return config.get().publishing().account("trust".equals(owner) ? null : owner, network);
    }

    /** A connection, or the reason there is none, in plain words. */
    Connection connect(Publishing.Account account) throws NetworkException {
        String token = env.getProperty(account.tokenEnv());
        if (token == null || token.isBlank()) {
            throw new NetworkException(
                    NetworkException.Reason.EXPIRED_TOKEN,
                    "the token variable " + account.tokenEnv() + " is not set on the server: put the "
                            + account.network() + " token in it and restart");
        }
        return new Connection(account.network(), account.account(), account.baseUrl(), token.strip());
    }
}
