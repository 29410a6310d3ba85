package dev.tglogin.xellar;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

import dev.tglogin.core.UpstreamException;

/**
 * Xellar answered {@value XellarProtocol#STATUS_PERMISSION_REQUIRED} (API v2): the user has not granted this app
 * permission to use their wallet. Nothing is wrong with the call or the tokens; send the user to
 * {@link #getAcceptPermissionPage()} and try again once they have accepted. The message names neither the page nor
 * any token.
 */
public final class XellarPermissionRequiredException extends UpstreamException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final @Nullable String acceptPermissionPage;

	/**
	 * Creates the exception.
	 * @param call the call Xellar refused, e.g. {@code wallet/refresh}
	 * @param acceptPermissionPage the page's URL from the answer (its {@code data.message}), or {@code null}
	 */
	public XellarPermissionRequiredException(String call, @Nullable String acceptPermissionPage) {
		super(HttpXellarClient.UPSTREAM, call + " answered " + XellarProtocol.STATUS_PERMISSION_REQUIRED
				+ ": the user has not granted the app permission");
		this.acceptPermissionPage = XellarTokenClaims.webUrl(acceptPermissionPage);
	}

	/**
	 * Returns the page where the user grants the permission, or {@code null} when Xellar's answer named no usable
	 * URL (then use {@link XellarWalletCredentials#getAcceptPermissionPage()}).
	 * @return the page's URL, or {@code null}
	 */
	public @Nullable String getAcceptPermissionPage() {
		return this.acceptPermissionPage;
	}

}
