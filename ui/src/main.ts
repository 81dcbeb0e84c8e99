import { mount } from "svelte";
import App from "./App.svelte";
// The fonts ship with the app (no remote loads): a reading serif with
// optical sizes, and a UI sans.
import "@fontsource-variable/source-serif-4/opsz.css";
import "@fontsource-variable/source-serif-4/opsz-italic.css";
import "@fontsource-variable/inter/index.css";
import "./app.css";

mount(App, { target: document.getElementById("app")! });
