package dev.authstack.system;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Once {@link RequestBodyLimitFilter} has refused a slow body (past its deadline, or no
 * permit to wait for it), Tomcat must not read the rest of it: by default it swallows up
 * to 2 MB after the response to keep the connection, one blocking read after another, so
 * a refused slow client still held a thread. This tells Tomcat to close the connection
 * instead. (An oversized body that arrives fast is still swallowed: closing on unread
 * data resets the connection, and the client might never read its 413.)
 */
class SlowBodyValve extends ValveBase {

	/** Request attribute the filter sets on a refused body. */
	static final String REFUSED = SlowBodyValve.class.getName() + ".refused";

	SlowBodyValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		try {
			getNext().invoke(request, response);
		}
		finally {
			if (request.getAttribute(REFUSED) != null) {
				request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
			}
		}
	}

}
