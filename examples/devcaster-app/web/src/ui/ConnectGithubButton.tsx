// "Connect GitHub" button for the settings page. Talks to our own API only; the server
// decides how the OAuth link is created.
import { useState } from "react";

interface Props {
  userId: string;
  toolkit?: "github" | "slack";
  onConnected?: (connectedAccountId: string) => void;
}

export function ConnectGithubButton({ userId, toolkit = "github", onConnected }: Props) {
  const [state, setState] = useState<"idle" | "waiting" | "error">("idle");

  async function connect() {
    setState("waiting");
    try {
      const res = await fetch(`/api/connect/${toolkit}`, { headers: { "x-user-id": userId } });
      if (!res.ok) throw new Error(`connect failed: ${res.status}`);
      const { redirectUrl } = (await res.json()) as { redirectUrl: string };
      window.open(redirectUrl, "_blank", "noopener");
      const status = await fetch(`/api/connect/${toolkit}/status`, { headers: { "x-user-id": userId } });
      const { connectedAccountId } = (await status.json()) as { connectedAccountId: string };
      onConnected?.(connectedAccountId);
      setState("idle");
    } catch {
      setState("error");
    }
  }

  return (
    <button type="button" className="btn btn-primary" disabled={state === "waiting"} onClick={connect}>
      {state === "waiting" ? "Waiting for GitHub…" : state === "error" ? "Try again" : `Connect ${toolkit}`}
    </button>
  );
}
