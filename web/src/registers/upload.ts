// An upload of a register package with its progress: fetch() reports no upload progress, XMLHttpRequest does.
import { ApiError, csrfToken, errorText } from '../api/client.js';

export interface Uploaded {
  id: string;
  status: string;
  duplicate: boolean;
}

/** Sends `file` to POST /api/registers (multipart field `file`); `onProgress` gets the fraction sent, 0..1. */
export function uploadPackage(file: File, onProgress: (fraction: number) => void): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/registers');
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const token = csrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        onProgress(1);
        resolve(body as Uploaded);
      } else reject(new ApiError(xhr.status, errorText(xhr.status, body)));
    };
    xhr.onerror = () => reject(new ApiError(0, 'Сервер недоступен: проверьте, что omsx serve запущен'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
