// Reading the Word files the app makes, for the e2e specs: python-docx (PyPI, in target/word-venv from
// scripts/setup.sh) through scripts/docx_check.py, and a Word button's download kept in the artifacts.
import type { Locator, Page, TestInfo } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, ARTIFACTS } from "./helpers";

const ROOT = join(__dirname, "..", "..");
const PYTHON = join(ROOT, "target", "word-venv", "bin", "python");
const CHECK = join(ROOT, "scripts", "docx_check.py");

/** What python-docx read from one file (scripts/docx_check.py). */
export type Read = {
  file: string;
  title: string;
  text: string;
  paragraphs: number;
  tables: { rows: number; cells: number[]; header: string[] }[];
  sections: {
    landscape: boolean;
    width_mm: number;
    height_mm: number;
    top_mm: number;
    left_mm: number;
    header: string;
    footer: string;
    different_first_page: boolean;
  }[];
  parts: string[];
  /** The Chinese fonts the styles name (w:eastAsia). */
  fonts: string[];
  /** What openxml-audit (the Open XML SDK's validation) finds wrong: nothing, for a file Word opens cleanly. */
  schema_errors: string[];
};

/** Opens the files with python-docx; fails the test if one cannot be read. */
export function readDocx(paths: string[]): Read[] {
  expect(existsSync(PYTHON), `python-docx is missing (${PYTHON}): run scripts/setup.sh`).toBe(true);
  const read = JSON.parse(execFileSync(PYTHON, [CHECK, ...paths], { encoding: "utf8" })) as Read[];
  for (const f of read) expect(f.schema_errors, `${f.file}: Open XML validation`).toEqual([]);
  return read;
}

/** Clicks a Word button, waits for the download and keeps the file in the artifacts. */
export async function downloadWord(
  page: Page,
  testInfo: TestInfo,
  button: Locator,
  saveAs: string,
): Promise<{ name: string; path: string }> {
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), button.click()]);
  const dir = join(ARTIFACTS, "word");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${testInfo.project.name}-${saveAs}.docx`);
  await file.saveAs(path);
  // A ZIP package, and the page says so.
  expect(readFileSync(path).subarray(0, 2).toString("latin1")).toBe("PK");
  await expect(button.locator("xpath=..").locator(".word-status")).toContainText(`已生成 ${file.suggestedFilename()}`);
  return { name: file.suggestedFilename(), path };
}
