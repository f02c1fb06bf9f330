/** A response body as JSON, typed loosely for assertions (the assertions check the shape). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function json(response: Response): Promise<any> {
  return response.json();
}
