import { render } from "solid-js/web";
import { App } from "./App.tsx";
import { registerServiceWorker } from "./sync/service-worker.ts";
import "./styles.css";

render(() => <App />, document.getElementById("root")!);
registerServiceWorker();
